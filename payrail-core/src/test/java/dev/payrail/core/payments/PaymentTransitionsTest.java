package dev.payrail.core.payments;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentTransitionsTest {

    @Test
    void terminal_statuses_have_no_way_out() {
        assertThat(PaymentStatus.SUCCEEDED.isTerminal()).isTrue();
        assertThat(PaymentStatus.CANCELED.isTerminal()).isTrue();
        assertThat(PaymentStatus.FAILED.isTerminal()).isTrue();
        assertThat(PaymentStatus.REQUIRES_CAPTURE.isTerminal()).isFalse();
    }

    @Test
    void illegal_move_names_the_current_status() {
        assertThatThrownBy(() -> PaymentTransitions.require(PaymentStatus.CANCELED, PaymentEvent.CAPTURE))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("canceled")
                .extracting(e -> ((IllegalTransitionException) e).code()).isEqualTo("payment_state_invalid");
    }

    @Test
    void processing_cannot_be_canceled_while_the_provider_decides() {
        assertThat(PaymentTransitions.allows(PaymentStatus.PROCESSING, PaymentEvent.CANCEL)).isFalse();
    }

    @Test
    void every_status_is_reachable_from_requires_confirmation() {
        var reached = new java.util.HashSet<PaymentStatus>();
        var frontier = new java.util.ArrayDeque<PaymentStatus>();
        frontier.add(PaymentStatus.REQUIRES_CONFIRMATION);
        while (!frontier.isEmpty()) {
            PaymentStatus s = frontier.poll();
            if (reached.add(s)) {
                PaymentTransitions.eventsFrom(s).forEach(e -> frontier.add(PaymentTransitions.require(s, e)));
            }
        }
        assertThat(reached).containsExactlyInAnyOrder(PaymentStatus.values());
    }

    @Test
    void a_payment_waiting_for_the_customer_can_only_be_decided_canceled_or_expired() {
        assertThat(PaymentTransitions.eventsFrom(PaymentStatus.REQUIRES_ACTION)).containsExactlyInAnyOrder(
                PaymentEvent.AUTHENTICATED, PaymentEvent.AUTHORIZATION_APPROVED, PaymentEvent.AUTHORIZATION_CAPTURED,
                PaymentEvent.AUTHORIZATION_FAILED, PaymentEvent.AUTHENTICATION_FAILED, PaymentEvent.CANCEL,
                PaymentEvent.ACTION_EXPIRED);
        assertThatThrownBy(() -> PaymentTransitions.require(PaymentStatus.REQUIRES_ACTION, PaymentEvent.CAPTURE))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("requires_action");
        assertThatThrownBy(() -> PaymentTransitions.require(PaymentStatus.REQUIRES_ACTION, PaymentEvent.CONFIRM))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void a_failed_authentication_leaves_the_payment_open_for_another_card() {
        assertThat(PaymentTransitions.require(PaymentStatus.REQUIRES_ACTION, PaymentEvent.AUTHENTICATION_FAILED))
                .isEqualTo(PaymentStatus.REQUIRES_PAYMENT_METHOD);
        assertThat(PaymentTransitions.require(PaymentStatus.REQUIRES_PAYMENT_METHOD, PaymentEvent.CONFIRM))
                .isEqualTo(PaymentStatus.PROCESSING);
        assertThat(PaymentTransitions.expiryOf(PaymentStatus.REQUIRES_ACTION)).isEqualTo(PaymentEvent.ACTION_EXPIRED);
        assertThat(PaymentTransitions.expiryOf(PaymentStatus.REQUIRES_CAPTURE)).isEqualTo(PaymentEvent.EXPIRE);
    }
}
