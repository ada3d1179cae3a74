package dev.payrail.core.payments;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.payrail.core.payments.PaymentEvent.AUTHORIZATION_APPROVED;
import static dev.payrail.core.payments.PaymentEvent.AUTHORIZATION_CAPTURED;
import static dev.payrail.core.payments.PaymentEvent.AUTHORIZATION_FAILED;
import static dev.payrail.core.payments.PaymentEvent.CANCEL;
import static dev.payrail.core.payments.PaymentEvent.CAPTURE;
import static dev.payrail.core.payments.PaymentEvent.CONFIRM;
import static dev.payrail.core.payments.PaymentEvent.EXPIRE;
import static dev.payrail.core.payments.PaymentStatus.CANCELED;
import static dev.payrail.core.payments.PaymentStatus.FAILED;
import static dev.payrail.core.payments.PaymentStatus.PROCESSING;
import static dev.payrail.core.payments.PaymentStatus.REQUIRES_CAPTURE;
import static dev.payrail.core.payments.PaymentStatus.REQUIRES_CONFIRMATION;
import static dev.payrail.core.payments.PaymentStatus.SUCCEEDED;

/**
 * The one table of payment transitions. Nothing else in Payrail decides what may follow what;
 * docs/payment-lifecycle.md is checked against {@link #all()} by a test.
 */
public final class PaymentTransitions {

    /** One row of the table. */
    public record Transition(PaymentStatus from, PaymentEvent event, PaymentStatus to) {
    }

    private static final List<Transition> TABLE = List.of(
            new Transition(REQUIRES_CONFIRMATION, CONFIRM, PROCESSING),
            new Transition(REQUIRES_CONFIRMATION, CANCEL, CANCELED),
            new Transition(PROCESSING, AUTHORIZATION_APPROVED, REQUIRES_CAPTURE),
            new Transition(PROCESSING, AUTHORIZATION_CAPTURED, SUCCEEDED),
            new Transition(PROCESSING, AUTHORIZATION_FAILED, FAILED),
            new Transition(REQUIRES_CAPTURE, CAPTURE, SUCCEEDED),
            new Transition(REQUIRES_CAPTURE, CANCEL, CANCELED),
            new Transition(REQUIRES_CAPTURE, EXPIRE, CANCELED));

    private static final Map<PaymentStatus, Map<PaymentEvent, PaymentStatus>> BY_FROM = index();

    private PaymentTransitions() {
    }

    public static List<Transition> all() {
        return TABLE;
    }

    /** The status after {@code event}, or empty when the table has no such move. */
    public static Optional<PaymentStatus> next(PaymentStatus from, PaymentEvent event) {
        return Optional.ofNullable(BY_FROM.get(from).get(event));
    }

    public static boolean allows(PaymentStatus from, PaymentEvent event) {
        return next(from, event).isPresent();
    }

    /** The status after {@code event}; throws {@link IllegalTransitionException} when the table forbids it. */
    public static PaymentStatus require(PaymentStatus from, PaymentEvent event) {
        return next(from, event).orElseThrow(() -> new IllegalTransitionException(from, event));
    }

    public static Set<PaymentEvent> eventsFrom(PaymentStatus from) {
        return Collections.unmodifiableSet(BY_FROM.get(from).keySet());
    }

    private static Map<PaymentStatus, Map<PaymentEvent, PaymentStatus>> index() {
        Map<PaymentStatus, Map<PaymentEvent, PaymentStatus>> byFrom = new EnumMap<>(PaymentStatus.class);
        for (PaymentStatus status : PaymentStatus.values()) {
            byFrom.put(status, new EnumMap<>(PaymentEvent.class));
        }
        for (Transition t : TABLE) {
            PaymentStatus previous = byFrom.get(t.from()).put(t.event(), t.to());
            if (previous != null) {
                throw new IllegalStateException("two rows for " + t.from() + " + " + t.event());
            }
        }
        return byFrom;
    }
}
