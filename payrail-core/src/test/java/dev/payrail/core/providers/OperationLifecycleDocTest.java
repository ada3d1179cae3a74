package dev.payrail.core.providers;

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

/** docs/payment-lifecycle.md lists exactly the operation transition table: the doc cannot drift from the code. */
class OperationLifecycleDocTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\| `(\\w+)` \\| `(\\w+)` \\|$");

    @Test
    void the_operation_table_in_the_doc_is_the_transition_table() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "payment-lifecycle.md"));
        Set<String> listed = new HashSet<>();
        for (String line : doc.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                listed.add(row.group(1) + " -" + row.group(2) + "-> " + row.group(3));
            }
        }
        Set<String> table = OperationTransitions.all().stream()
                .map(t -> t.from().wireName() + " -" + t.event().name().toLowerCase(java.util.Locale.ROOT) + "-> "
                        + t.to().wireName())
                .collect(Collectors.toSet());
        assertThat(listed).isNotEmpty().isEqualTo(table);
    }
}
