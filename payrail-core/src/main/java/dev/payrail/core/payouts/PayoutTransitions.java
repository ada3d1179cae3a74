package dev.payrail.core.payouts;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.payrail.core.payouts.PayoutEvent.ARRIVED;
import static dev.payrail.core.payouts.PayoutEvent.CANCEL;
import static dev.payrail.core.payouts.PayoutEvent.REFUSED;
import static dev.payrail.core.payouts.PayoutEvent.RETURNED;
import static dev.payrail.core.payouts.PayoutEvent.SENT;
import static dev.payrail.core.payouts.PayoutStatus.CANCELED;
import static dev.payrail.core.payouts.PayoutStatus.FAILED;
import static dev.payrail.core.payouts.PayoutStatus.IN_TRANSIT;
import static dev.payrail.core.payouts.PayoutStatus.PAID;
import static dev.payrail.core.payouts.PayoutStatus.PENDING;

/** The one table of payout transitions. */
public final class PayoutTransitions {

    public record Transition(PayoutStatus from, PayoutEvent event, PayoutStatus to) {
    }

    private static final List<Transition> TABLE = List.of(
            new Transition(PENDING, SENT, IN_TRANSIT),
            new Transition(PENDING, REFUSED, FAILED),
            new Transition(PENDING, CANCEL, CANCELED),
            new Transition(IN_TRANSIT, ARRIVED, PAID),
            new Transition(IN_TRANSIT, RETURNED, FAILED));

    private static final Map<PayoutStatus, Map<PayoutEvent, PayoutStatus>> BY_FROM = new EnumMap<>(PayoutStatus.class);

    static {
        for (PayoutStatus status : PayoutStatus.values()) {
            BY_FROM.put(status, new EnumMap<>(PayoutEvent.class));
        }
        for (Transition t : TABLE) {
            if (BY_FROM.get(t.from()).put(t.event(), t.to()) != null) {
                throw new ExceptionInInitializerError("two rows for " + t.from() + " + " + t.event());
            }
        }
    }

    private PayoutTransitions() {
    }

    public static List<Transition> all() {
        return TABLE;
    }

    public static Optional<PayoutStatus> next(PayoutStatus from, PayoutEvent event) {
        return Optional.ofNullable(BY_FROM.get(from).get(event));
    }
}
