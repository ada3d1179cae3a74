package dev.payrail.core.payouts;

import dev.payrail.core.state.TransitionTable;

import java.util.List;
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

    private static final TransitionTable<PayoutStatus, PayoutEvent> TABLE = TransitionTable.of(PayoutStatus.class,
            PayoutEvent.class, List.of(
            new TransitionTable.Row<>(PENDING, SENT, IN_TRANSIT),
            new TransitionTable.Row<>(PENDING, REFUSED, FAILED),
            new TransitionTable.Row<>(PENDING, CANCEL, CANCELED),
            new TransitionTable.Row<>(IN_TRANSIT, ARRIVED, PAID),
            new TransitionTable.Row<>(IN_TRANSIT, RETURNED, FAILED)));

    private PayoutTransitions() {
    }

    public static List<TransitionTable.Row<PayoutStatus, PayoutEvent>> all() {
        return TABLE.rows();
    }

    /** The status after {@code event}, or empty when the table has no such move. */
    public static Optional<PayoutStatus> next(PayoutStatus from, PayoutEvent event) {
        return TABLE.next(from, event);
    }
}
