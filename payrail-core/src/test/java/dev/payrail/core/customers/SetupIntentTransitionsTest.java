package dev.payrail.core.customers;

import dev.payrail.core.providers.ProviderResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SetupIntentTransitionsTest {
    private static final Pattern EDGE = Pattern.compile("^\\s*(\\w+) --> (\\w+) : (\\w+)\\s*$");

    @Test
    void docs_customers_md_draws_exactly_the_transition_table() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "customers.md"));
        Set<String> drawn = new HashSet<>();
        for (String line : doc.split("\n")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.matches()) {
                drawn.add(edge.group(1) + " -" + edge.group(3) + "-> " + edge.group(2));
            }
        }
        Set<String> table = SetupIntentTransitions.all().stream()
                .map(t -> t.from().wireName() + " -" + t.event().name().toLowerCase(Locale.ROOT) + "-> " + t.to().wireName())
                .collect(Collectors.toSet());
        assertThat(drawn).isNotEmpty().isEqualTo(table);
    }

    @Test
    void succeeded_and_canceled_are_final() {
        for (SetupIntentEvent event : SetupIntentEvent.values()) {
            assertThat(SetupIntentTransitions.next(SetupIntentStatus.SUCCEEDED, event)).as(event.name()).isEmpty();
            assertThat(SetupIntentTransitions.next(SetupIntentStatus.CANCELED, event)).as(event.name()).isEmpty();
        }
    }

    @Test
    void only_an_approval_verifies_and_anything_uncertain_asks_for_the_card_again() {
        assertThat(SetupIntentTransitions.verification(new ProviderResult.Succeeded("auth", false)).event())
                .isEqualTo(SetupIntentEvent.VERIFIED);
        assertThat(SetupIntentTransitions.verification(new ProviderResult.RequiresAction("auth", "https://acs")).event())
                .isEqualTo(SetupIntentEvent.ACTION_REQUIRED);
        assertThat(SetupIntentTransitions.verification(new ProviderResult.Declined("do_not_honor", "no", "auth")))
                .isEqualTo(new SetupIntentTransitions.Verification(SetupIntentEvent.REFUSED, "do_not_honor"));
        assertThat(SetupIntentTransitions.verification(new ProviderResult.OutcomeUnknown("timeout")))
                .isEqualTo(new SetupIntentTransitions.Verification(SetupIntentEvent.REFUSED, "provider_unavailable"));
        assertThat(SetupIntentTransitions.verification(new ProviderResult.NotReceived("refused")).event())
                .isEqualTo(SetupIntentEvent.REFUSED);
    }
}
