package dev.payrail.core.reconciliation;

import java.util.Locale;

/** Why a report row, or a record of Payrail's, needs a person. */
public enum ExceptionCategory {
    /** The report settles something Payrail has no record of. */
    MISSING_IN_PAYRAIL,
    /** Payrail recorded it, and no report has settled it within the grace period. */
    MISSING_IN_REPORT,
    /** Settled for another amount than Payrail recorded. */
    AMOUNT_MISMATCH,
    /** The provider's fee is not what its fee schedule says, or a fee row explains nothing Payrail knows. */
    FEE_MISMATCH,
    /** Settled in another currency than Payrail recorded. */
    CURRENCY_MISMATCH,
    /** The same settlement appears twice in the report. */
    DUPLICATE_IN_REPORT,
    /** Settled, while Payrail's record says it should not have been (voided, failed, never captured). */
    STATUS_MISMATCH,
    /** Settled later than the settlement delay allows. */
    LATE_SETTLEMENT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
