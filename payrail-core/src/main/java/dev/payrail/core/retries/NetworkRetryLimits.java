package dev.payrail.core.retries;

import java.util.Locale;

/**
 * The card networks' limits on trying a declined card again, per card at one merchant (Payrail's reading of them,
 * docs/routing.md): Visa allows 15 reattempts in 30 days after a soft (category 2 to 4) decline and none after a
 * category 1 one; Mastercard counts more than 10 declines in a day, or 35 in 30 days, as excessive. Other brands are
 * held to Visa's limit. Payrail stops before a limit, never at the fee.
 */
public final class NetworkRetryLimits {
    /** Visa's reattempts allowed after the first decline in 30 days. */
    static final int VISA_REATTEMPTS_PER_30_DAYS = 15;
    static final int MASTERCARD_DECLINES_PER_DAY = 10;
    static final int MASTERCARD_DECLINES_PER_30_DAYS = 35;

    private NetworkRetryLimits() {
    }

    /**
     * Whether one more attempt on the card keeps within its network's limits, given its declined attempts at this
     * merchant in the last 24 hours and the last 30 days (the one just declined included).
     */
    public static boolean allowsAnother(String brand, CardDeclines declines) {
        if ("mastercard".equals(brand == null ? null : brand.toLowerCase(Locale.ROOT))) {
            return declines.last24Hours() < MASTERCARD_DECLINES_PER_DAY
                    && declines.last30Days() < MASTERCARD_DECLINES_PER_30_DAYS;
        }
        // the first decline is the original attempt; every one after it was a reattempt
        return declines.last30Days() - 1 < VISA_REATTEMPTS_PER_30_DAYS;
    }

    /** A card's declined authorizations at one merchant, counted over the networks' two windows. */
    public record CardDeclines(int last24Hours, int last30Days) {
        public CardDeclines {
            if (last24Hours < 0 || last30Days < last24Hours) {
                throw new IllegalArgumentException("declines: 0 <= last24Hours <= last30Days");
            }
        }
    }
}
