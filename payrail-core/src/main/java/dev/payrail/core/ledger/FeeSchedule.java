package dev.payrail.core.ledger;

import dev.payrail.core.money.CurrencyCode;

import java.math.BigInteger;
import java.util.Map;

/**
 * Payrail's fee on a capture: {@code basisPoints} of the amount (1 bp = 0.01%), rounded half up to the
 * currency's minor unit, plus a fixed amount in that currency's minor units (none if the currency has no
 * fixed part). Never more than the amount itself.
 */
public record FeeSchedule(long basisPoints, Map<String, Long> fixedByCurrency) {
    public static final FeeSchedule NONE = new FeeSchedule(0, Map.of());

    public FeeSchedule {
        if (basisPoints < 0 || basisPoints > 10_000) {
            throw new IllegalArgumentException("basis points must be within 0..10000, got " + basisPoints);
        }
        fixedByCurrency = Map.copyOf(fixedByCurrency);
        fixedByCurrency.forEach((currency, fixed) -> {
            if (fixed < 0) {
                throw new IllegalArgumentException("fixed fee for " + currency + " is negative");
            }
        });
    }

    public long feeOn(long amount, CurrencyCode currency) {
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        // amount * bp / 10000 half up, without overflow for any long amount
        long percentage = BigInteger.valueOf(amount).multiply(BigInteger.valueOf(basisPoints))
                .add(BigInteger.valueOf(5_000)).divide(BigInteger.valueOf(10_000)).longValueExact();
        long fixed = fixedByCurrency.getOrDefault(currency.code(), 0L);
        return Math.min(amount, Math.addExact(percentage, fixed));
    }
}
