package dev.payrail.core.checkout;

import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.core.payments.PaymentTransitions;
import dev.payrail.core.payments.PaymentEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CheckoutSessionTransitionsTest {

    @Test
    void final_statuses_stay_final_and_an_open_session_ends_once() {
        for (CheckoutSessionStatus status : CheckoutSessionStatus.values()) {
            for (CheckoutSessionEvent event : CheckoutSessionEvent.values()) {
                assertThat(CheckoutSessionTransitions.next(status, event).isPresent()).as(status + " + " + event)
                        .isEqualTo(status == CheckoutSessionStatus.OPEN);
            }
        }
        assertThat(CheckoutSessionTransitions.next(CheckoutSessionStatus.OPEN, CheckoutSessionEvent.PAID))
                .contains(CheckoutSessionStatus.COMPLETE);
    }

    @Test
    void a_session_expires_only_when_its_payment_can_no_longer_charge_or_is_canceled_with_it() {
        for (PaymentStatus payment : PaymentStatus.values()) {
            CheckoutSessionTransitions.Expiry expiry = CheckoutSessionTransitions.expiry(payment);
            switch (expiry) {
                // canceling is a legal move of the payment's own table, made without asking a provider
                case CANCEL_PAYMENT_AND_EXPIRE -> assertThat(PaymentTransitions.next(payment, PaymentEvent.CANCEL))
                        .as(payment.name()).contains(PaymentStatus.CANCELED);
                case EXPIRE -> assertThat(payment.isTerminal()).as(payment.name()).isTrue();
                case REFUSE -> assertThat(CheckoutSessionTransitions.paid(payment)).as(payment.name()).isTrue();
                case WAIT_FOR_PAYMENT -> assertThat(payment.isTerminal()).as(payment.name()).isFalse();
            }
            // money may still move, or has: never end such a session as unpaid
            if (payment == PaymentStatus.REQUIRES_ACTION || payment == PaymentStatus.PROCESSING
                    || CheckoutSessionTransitions.paid(payment)) {
                assertThat(expiry).as(payment.name()).isIn(CheckoutSessionTransitions.Expiry.WAIT_FOR_PAYMENT,
                        CheckoutSessionTransitions.Expiry.REFUSE);
            }
        }
    }
}
