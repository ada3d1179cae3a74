package dev.payrail.core.disputes;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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

    /** One row of the table. */
    public record Transition(DisputeStatus from, DisputeEvent event, DisputeStatus to) {
    }

    private static final List<Transition> TABLE = List.of(
            new Transition(WARNING_NEEDS_RESPONSE, ESCALATE, NEEDS_RESPONSE),
            new Transition(WARNING_NEEDS_RESPONSE, SUBMIT_EVIDENCE, UNDER_REVIEW),
            new Transition(WARNING_NEEDS_RESPONSE, WIN, WON),
            new Transition(WARNING_NEEDS_RESPONSE, LOSE, LOST),
            new Transition(WARNING_NEEDS_RESPONSE, ACCEPT, LOST),
            new Transition(NEEDS_RESPONSE, SUBMIT_EVIDENCE, UNDER_REVIEW),
            new Transition(NEEDS_RESPONSE, WIN, WON),
            new Transition(NEEDS_RESPONSE, LOSE, LOST),
            new Transition(NEEDS_RESPONSE, ACCEPT, LOST),
            // an inquiry under review can still become a chargeback
            new Transition(UNDER_REVIEW, ESCALATE, NEEDS_RESPONSE),
            new Transition(UNDER_REVIEW, WIN, WON),
            new Transition(UNDER_REVIEW, LOSE, LOST));

    private static final Map<DisputeStatus, Map<DisputeEvent, DisputeStatus>> BY_FROM = new EnumMap<>(DisputeStatus.class);

    static {
        for (DisputeStatus status : DisputeStatus.values()) {
            BY_FROM.put(status, new EnumMap<>(DisputeEvent.class));
        }
        for (Transition t : TABLE) {
            if (BY_FROM.get(t.from()).put(t.event(), t.to()) != null) {
                throw new ExceptionInInitializerError("two rows for " + t.from() + " + " + t.event());
            }
        }
    }

    private DisputeTransitions() {
    }

    public static List<Transition> all() {
        return TABLE;
    }

    /** The status after {@code event}, or empty when the table has no such move. */
    public static Optional<DisputeStatus> next(DisputeStatus from, DisputeEvent event) {
        return Optional.ofNullable(BY_FROM.get(from).get(event));
    }
}
