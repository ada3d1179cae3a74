package dev.payrail.core.disputes;

import dev.payrail.core.ledger.PostingEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * When a dispute moves money: the disputed amount and the dispute fee are withdrawn from the merchant when
 * a chargeback starts (a dispute reaching {@link DisputeStatus#NEEDS_RESPONSE}, or lost without ever having
 * been one); they come back, the fee excepted, if it is won. An inquiry that is won never moved money.
 */
public final class DisputeFunds {
    private DisputeFunds() {
    }

    /**
     * The postings of a move from {@code from} (null for a new dispute) to {@code to}, given whether funds were
     * already withdrawn; in order.
     */
    public static List<PostingEvent> postings(DisputeStatus from, DisputeStatus to, boolean fundsWithdrawn) {
        List<PostingEvent> postings = new ArrayList<>();
        boolean withdraw = !fundsWithdrawn && (to == DisputeStatus.NEEDS_RESPONSE || to == DisputeStatus.LOST);
        if (withdraw) {
            postings.add(PostingEvent.DISPUTE_OPENED);
            postings.add(PostingEvent.DISPUTE_FEE);
        }
        boolean withdrawn = fundsWithdrawn || withdraw;
        if (to == DisputeStatus.WON && withdrawn) {
            postings.add(PostingEvent.DISPUTE_WON);
        }
        if (to == DisputeStatus.LOST) {
            postings.add(PostingEvent.DISPUTE_LOST);
        }
        return postings;
    }
}
