package dev.payrail.core.payments;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/payment-lifecycle.md draws exactly the transition table: the doc cannot drift from the code. */
class PaymentLifecycleDocTest {
    private static final Pattern EDGE = Pattern.compile("^\\s*(\\w+) --> (\\w+) : (\\w+)\\s*$");

    @Test
    void mermaid_diagram_matches_the_transition_table() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "payment-lifecycle.md"));
        Set<String> drawn = new HashSet<>();
        for (String line : doc.split("\n")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.matches()) {
                drawn.add(edge.group(1) + " -" + edge.group(3) + "-> " + edge.group(2));
            }
        }
        Set<String> table = PaymentTransitions.all().stream()
                .map(t -> t.from().wireName() + " -" + t.event().wireName() + "-> " + t.to().wireName())
                .collect(Collectors.toSet());

        assertThat(drawn).isNotEmpty().isEqualTo(table);
    }
}
