package dev.payrail.core.payments;

import dev.payrail.core.state.TransitionTable;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.payrail.core.payments.PaymentEvent.ACTION_EXPIRED;
import static dev.payrail.core.payments.PaymentEvent.ACTION_REQUIRED;
import static dev.payrail.core.payments.PaymentEvent.AUTHENTICATED;
import static dev.payrail.core.payments.PaymentEvent.AUTHENTICATION_FAILED;
import static dev.payrail.core.payments.PaymentEvent.AUTHORIZATION_APPROVED;
import static dev.payrail.core.payments.PaymentEvent.AUTHORIZATION_CAPTURED;
import static dev.payrail.core.payments.PaymentEvent.AUTHORIZATION_FAILED;
import static dev.payrail.core.payments.PaymentEvent.CANCEL;
import static dev.payrail.core.payments.PaymentEvent.CAPTURE;
import static dev.payrail.core.payments.PaymentEvent.CONFIRM;
import static dev.payrail.core.payments.PaymentEvent.EXPIRE;
import static dev.payrail.core.payments.PaymentEvent.RETRY_SCHEDULED;
import static dev.payrail.core.payments.PaymentEvent.RISK_BLOCKED;
import static dev.payrail.core.payments.PaymentStatus.CANCELED;
import static dev.payrail.core.payments.PaymentStatus.FAILED;
import static dev.payrail.core.payments.PaymentStatus.PROCESSING;
import static dev.payrail.core.payments.PaymentStatus.REQUIRES_ACTION;
import static dev.payrail.core.payments.PaymentStatus.REQUIRES_PAYMENT_METHOD;
import static dev.payrail.core.payments.PaymentStatus.REQUIRES_CAPTURE;
import static dev.payrail.core.payments.PaymentStatus.REQUIRES_CONFIRMATION;
import static dev.payrail.core.payments.PaymentStatus.SUCCEEDED;

/**
 * The one table of payment transitions. Nothing else in Payrail decides what may follow what;
 * docs/payment-lifecycle.md is checked against {@link #all()} by a test.
 */
public final class PaymentTransitions {

    private static final TransitionTable<PaymentStatus, PaymentEvent> TABLE = TransitionTable.of(PaymentStatus.class,
            PaymentEvent.class, List.of(
                    new TransitionTable.Row<>(REQUIRES_CONFIRMATION, CONFIRM, PROCESSING),
                    new TransitionTable.Row<>(REQUIRES_CONFIRMATION, CANCEL, CANCELED),
                    new TransitionTable.Row<>(REQUIRES_CONFIRMATION, RISK_BLOCKED, FAILED),
                    new TransitionTable.Row<>(PROCESSING, AUTHORIZATION_APPROVED, REQUIRES_CAPTURE),
                    new TransitionTable.Row<>(PROCESSING, AUTHORIZATION_CAPTURED, SUCCEEDED),
                    new TransitionTable.Row<>(PROCESSING, AUTHORIZATION_FAILED, FAILED),
                    new TransitionTable.Row<>(PROCESSING, ACTION_REQUIRED, REQUIRES_ACTION),
                    new TransitionTable.Row<>(PROCESSING, AUTHENTICATION_FAILED, REQUIRES_PAYMENT_METHOD),
                    new TransitionTable.Row<>(PROCESSING, RETRY_SCHEDULED, REQUIRES_PAYMENT_METHOD),
                    new TransitionTable.Row<>(REQUIRES_ACTION, AUTHENTICATED, PROCESSING),
                    new TransitionTable.Row<>(REQUIRES_ACTION, AUTHORIZATION_APPROVED, REQUIRES_CAPTURE),
                    new TransitionTable.Row<>(REQUIRES_ACTION, AUTHORIZATION_CAPTURED, SUCCEEDED),
                    new TransitionTable.Row<>(REQUIRES_ACTION, AUTHORIZATION_FAILED, FAILED),
                    new TransitionTable.Row<>(REQUIRES_ACTION, AUTHENTICATION_FAILED, REQUIRES_PAYMENT_METHOD),
                    new TransitionTable.Row<>(REQUIRES_ACTION, CANCEL, CANCELED),
                    new TransitionTable.Row<>(REQUIRES_ACTION, ACTION_EXPIRED, CANCELED),
                    new TransitionTable.Row<>(REQUIRES_PAYMENT_METHOD, CONFIRM, PROCESSING),
                    new TransitionTable.Row<>(REQUIRES_PAYMENT_METHOD, CANCEL, CANCELED),
                    new TransitionTable.Row<>(REQUIRES_PAYMENT_METHOD, RISK_BLOCKED, FAILED),
                    new TransitionTable.Row<>(REQUIRES_CAPTURE, CAPTURE, SUCCEEDED),
                    new TransitionTable.Row<>(REQUIRES_CAPTURE, CANCEL, CANCELED),
                    new TransitionTable.Row<>(REQUIRES_CAPTURE, EXPIRE, CANCELED)));

    private PaymentTransitions() {
    }

    public static List<TransitionTable.Row<PaymentStatus, PaymentEvent>> all() {
        return TABLE.rows();
    }

    /** The status after {@code event}, or empty when the table has no such move. */
    public static Optional<PaymentStatus> next(PaymentStatus from, PaymentEvent event) {
        return TABLE.next(from, event);
    }

    public static boolean allows(PaymentStatus from, PaymentEvent event) {
        return next(from, event).isPresent();
    }

    /** The status after {@code event}; throws {@link IllegalTransitionException} when the table forbids it. */
    public static PaymentStatus require(PaymentStatus from, PaymentEvent event) {
        return next(from, event).orElseThrow(() -> new IllegalTransitionException(from, event));
    }

    /** What the expiry sweeper does to a payment waiting in {@code status}: a capture window or a customer's. */
    public static PaymentEvent expiryOf(PaymentStatus status) {
        return status == REQUIRES_ACTION ? ACTION_EXPIRED : EXPIRE;
    }

    public static Set<PaymentEvent> eventsFrom(PaymentStatus from) {
        return TABLE.eventsFrom(from);
    }
}
