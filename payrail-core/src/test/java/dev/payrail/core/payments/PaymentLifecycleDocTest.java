package dev.payrail.core.payments;

import dev.payrail.core.state.DrawnTransitions;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/payment-lifecycle.md draws exactly the transition table: the doc cannot drift from the code. */
class PaymentLifecycleDocTest {

    @Test
    void mermaid_diagram_matches_the_transition_table() throws IOException {
        assertThat(DrawnTransitions.in("payment-lifecycle.md", DrawnTransitions.MERMAID, 1, 2, 3)).isNotEmpty()
                .isEqualTo(DrawnTransitions.of(PaymentTransitions.all(), PaymentStatus::wireName, PaymentEvent::wireName));
    }
}
