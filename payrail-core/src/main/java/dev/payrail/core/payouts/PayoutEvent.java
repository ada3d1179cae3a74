package dev.payrail.core.payouts;

import dev.payrail.core.ledger.PostingEvent;

import java.util.Locale;
import java.util.Optional;

/**
 * What happens to a payout, with the ledger posting each one writes: the funds left the merchant's
 * available balance when the payout was created ({@link PostingEvent#PAYOUT_CREATED}); a failure or a
 * cancellation gives them back, arrival books them out of the provider's hands.
 */
public enum PayoutEvent {
    /** The provider accepted it. */
    SENT(null),
    /** The provider refused it, or it never reached the provider. */
    REFUSED(PostingEvent.PAYOUT_FAILED),
    /** The merchant or an operator canceled it before it was sent. */
    CANCEL(PostingEvent.PAYOUT_FAILED),
    /** The bank received it. */
    ARRIVED(PostingEvent.PAYOUT_PAID),
    /** The bank returned it. */
    RETURNED(PostingEvent.PAYOUT_FAILED);

    private final PostingEvent posting;

    PayoutEvent(PostingEvent posting) {
        this.posting = posting;
    }

    public Optional<PostingEvent> posting() {
        return Optional.ofNullable(posting);
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
