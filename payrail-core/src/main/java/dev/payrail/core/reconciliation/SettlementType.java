package dev.payrail.core.reconciliation;

import java.util.Locale;

/** What a report row settles, in Payrail's words; each provider's record types map onto these. */
public enum SettlementType {
    CAPTURE, REFUND, CHARGEBACK, CHARGEBACK_REVERSAL, FEE, PAYOUT, OTHER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
