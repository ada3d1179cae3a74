package dev.payrail.core.ledger;

/** Every kind of money movement Payrail books; {@link PostingRules} says which lines each one writes. */
public enum PostingEvent {
    CAPTURE, REFUND_REQUESTED, REFUND_SUCCEEDED, REFUND_FAILED, SETTLEMENT, DISPUTE_OPENED, DISPUTE_FEE, DISPUTE_WON,
    DISPUTE_LOST, PAYOUT_CREATED, PAYOUT_PAID, PAYOUT_FAILED, PROVIDER_FEE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
