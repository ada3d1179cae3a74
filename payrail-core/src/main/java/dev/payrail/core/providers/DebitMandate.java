package dev.payrail.core.providers;

import java.time.Instant;

/**
 * The mandate a bank debit is made under, as the payer's bank sees it: its reference (unique per creditor, at most 35
 * characters, as SEPA requires) and when the payer signed it. The provider sends both with every debit.
 */
public record DebitMandate(String reference, Instant signedAt) {
    public DebitMandate {
        if (reference == null || reference.isBlank() || reference.length() > 35) {
            throw new IllegalArgumentException("a mandate reference has 1 to 35 characters");
        }
        if (signedAt == null) {
            throw new IllegalArgumentException("a mandate was signed at some time");
        }
    }
}
