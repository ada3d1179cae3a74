package dev.payrail.core.checkout;

import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.core.state.TransitionTable;

import java.util.List;
import java.util.Optional;

import static dev.payrail.core.checkout.CheckoutSessionEvent.EXPIRE;
import static dev.payrail.core.checkout.CheckoutSessionEvent.PAID;
import static dev.payrail.core.checkout.CheckoutSessionStatus.COMPLETE;
import static dev.payrail.core.checkout.CheckoutSessionStatus.EXPIRED;
import static dev.payrail.core.checkout.CheckoutSessionStatus.OPEN;

/** The one table of checkout session transitions, and when a session may expire given its payment. */
public final class CheckoutSessionTransitions {

    private static final TransitionTable<CheckoutSessionStatus, CheckoutSessionEvent> TABLE = TransitionTable.of(
            CheckoutSessionStatus.class, CheckoutSessionEvent.class, List.of(
                    new TransitionTable.Row<>(OPEN, PAID, COMPLETE),
                    new TransitionTable.Row<>(OPEN, EXPIRE, EXPIRED)));

    private CheckoutSessionTransitions() {
    }

    public static List<TransitionTable.Row<CheckoutSessionStatus, CheckoutSessionEvent>> all() {
        return TABLE.rows();
    }

    /** The status after {@code event}, or empty when the table has no such move. */
    public static Optional<CheckoutSessionStatus> next(CheckoutSessionStatus from, CheckoutSessionEvent event) {
        return TABLE.next(from, event);
    }

    /** A payment that counts as paid: captured, or authorized and held for the merchant's capture. */
    public static boolean paid(PaymentStatus payment) {
        return payment == PaymentStatus.SUCCEEDED || payment == PaymentStatus.REQUIRES_CAPTURE;
    }

    /**
     * What ending a session does to its payment. A payment no one has sent (or whose last attempt was refused) is
     * canceled with the session; one that is with the customer's bank or the provider ({@code requires_action},
     * {@code processing}) keeps the session open until it settles, because money may still move; one that ended
     * unpaid lets the session expire as it is; a paid one cannot expire.
     */
    public enum Expiry { CANCEL_PAYMENT_AND_EXPIRE, EXPIRE, WAIT_FOR_PAYMENT, REFUSE }

    public static Expiry expiry(PaymentStatus payment) {
        return switch (payment) {
            case REQUIRES_CONFIRMATION, REQUIRES_PAYMENT_METHOD -> Expiry.CANCEL_PAYMENT_AND_EXPIRE;
            case REQUIRES_ACTION, PROCESSING -> Expiry.WAIT_FOR_PAYMENT;
            case FAILED, CANCELED -> Expiry.EXPIRE;
            case SUCCEEDED, REQUIRES_CAPTURE -> Expiry.REFUSE;
        };
    }
}
