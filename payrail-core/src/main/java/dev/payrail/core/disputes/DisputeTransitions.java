package dev.payrail.core.disputes;

import dev.payrail.core.state.TransitionTable;

import java.util.List;
import java.util.Optional;

import static dev.payrail.core.disputes.DisputeEvent.ACCEPT;
import static dev.payrail.core.disputes.DisputeEvent.ESCALATE;
import static dev.payrail.core.disputes.DisputeEvent.LOSE;
import static dev.payrail.core.disputes.DisputeEvent.SUBMIT_EVIDENCE;
import static dev.payrail.core.disputes.DisputeEvent.WIN;
import static dev.payrail.core.disputes.DisputeStatus.LOST;
import static dev.payrail.core.disputes.DisputeStatus.NEEDS_RESPONSE;
import static dev.payrail.core.disputes.DisputeStatus.UNDER_REVIEW;
import static dev.payrail.core.disputes.DisputeStatus.WARNING_NEEDS_RESPONSE;
import static dev.payrail.core.disputes.DisputeStatus.WON;

/** The one table of dispute transitions; nothing else decides what may follow what. */
public final class DisputeTransitions {

    private static final TransitionTable<DisputeStatus, DisputeEvent> TABLE = TransitionTable.of(DisputeStatus.class,
            DisputeEvent.class, List.of(
            new TransitionTable.Row<>(WARNING_NEEDS_RESPONSE, ESCALATE, NEEDS_RESPONSE),
            new TransitionTable.Row<>(WARNING_NEEDS_RESPONSE, SUBMIT_EVIDENCE, UNDER_REVIEW),
            new TransitionTable.Row<>(WARNING_NEEDS_RESPONSE, WIN, WON),
            new TransitionTable.Row<>(WARNING_NEEDS_RESPONSE, LOSE, LOST),
            new TransitionTable.Row<>(WARNING_NEEDS_RESPONSE, ACCEPT, LOST),
            new TransitionTable.Row<>(NEEDS_RESPONSE, SUBMIT_EVIDENCE, UNDER_REVIEW),
            new TransitionTable.Row<>(NEEDS_RESPONSE, WIN, WON),
            new TransitionTable.Row<>(NEEDS_RESPONSE, LOSE, LOST),
            new TransitionTable.Row<>(NEEDS_RESPONSE, ACCEPT, LOST),
            // an inquiry under review can still become a chargeback
            new TransitionTable.Row<>(UNDER_REVIEW, ESCALATE, NEEDS_RESPONSE),
            new TransitionTable.Row<>(UNDER_REVIEW, WIN, WON),
            new TransitionTable.Row<>(UNDER_REVIEW, LOSE, LOST)));

    private DisputeTransitions() {
    }

    public static List<TransitionTable.Row<DisputeStatus, DisputeEvent>> all() {
        return TABLE.rows();
    }

    /** The status after {@code event}, or empty when the table has no such move. */
    public static Optional<DisputeStatus> next(DisputeStatus from, DisputeEvent event) {
        return TABLE.next(from, event);
    }
}
