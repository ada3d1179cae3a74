package dev.payrail.core.ledger;

import java.util.Optional;

/**
 * Every kind of money movement Payrail books; {@link PostingRules} says which lines each one writes. The
 * ones that change what the merchant is owed also show to the merchant as a balance transaction of the
 * type given here; the others move money between Payrail's own accounts only.
 */
public enum PostingEvent {
    CAPTURE("charge"),
    REFUND_REQUESTED("refund"),
    REFUND_SUCCEEDED(null),
    REFUND_FAILED("refund_failure"),
    SETTLEMENT(null),
    DISPUTE_OPENED("dispute"),
    DISPUTE_FEE("dispute_fee"),
    DISPUTE_WON("dispute_reversal"),
    DISPUTE_LOST(null),
    PAYOUT_CREATED("payout"),
    PAYOUT_PAID(null),
    PAYOUT_FAILED("payout_failure"),
    PROVIDER_FEE(null),
    DEBIT_RETURNED("debit_return");

    private final String balanceTransactionType;

    PostingEvent(String balanceTransactionType) {
        this.balanceTransactionType = balanceTransactionType;
    }

    /** The merchant-facing balance transaction type, if the event changes what the merchant is owed. */
    public Optional<String> balanceTransactionType() {
        return Optional.ofNullable(balanceTransactionType);
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
