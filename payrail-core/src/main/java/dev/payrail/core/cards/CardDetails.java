package dev.payrail.core.cards;

import java.time.YearMonth;

/**
 * A card as the payer typed it. Held in memory for one authorization; the CVC is never persisted.
 * {@link #toString()} is masked so that a stray log line cannot leak the number.
 */
public record CardDetails(CardNumber number, int expMonth, int expYear, String cvc) {

    public boolean expiredAt(YearMonth now) {
        return YearMonth.of(expYear, expMonth).isBefore(now);
    }

    @Override
    public String toString() {
        return number + " exp " + expMonth + "/" + expYear;
    }
}
