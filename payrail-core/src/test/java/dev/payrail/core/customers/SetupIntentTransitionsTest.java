package dev.payrail.core.customers;

import dev.payrail.core.providers.ProviderResult;
import dev.payrail.core.state.DrawnTransitions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class SetupIntentTransitionsTest {

    @Test
    void docs_customers_md_draws_exactly_the_transition_table() throws IOException {
        assertThat(DrawnTransitions.in("customers.md", DrawnTransitions.MERMAID, 1, 2, 3)).isNotEmpty()
                .isEqualTo(DrawnTransitions.of(SetupIntentTransitions.all(), SetupIntentStatus::wireName,
                        e -> e.name().toLowerCase(Locale.ROOT)));
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
