package dev.payrail.core.money;

/**
 * An amount of money: whole minor units (cents, yen, fils) of one currency.
 * Arithmetic refuses mixed currencies and overflow instead of wrapping around.
 */
public record Money(long minorUnits, CurrencyCode currency) implements Comparable<Money> {

    public Money {
        if (currency == null) {
            throw new IllegalArgumentException("currency is required");
        }
    }

    public static Money of(long minorUnits, String currency) {
        return new Money(minorUnits, CurrencyCode.of(currency));
    }

    public static Money zero(CurrencyCode currency) {
        return new Money(0, currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(minorUnits, other.minorUnits), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(minorUnits, other.minorUnits), currency);
    }

    public boolean isPositive() {
        return minorUnits > 0;
    }

    public boolean isNegative() {
        return minorUnits < 0;
    }

    public boolean isZero() {
        return minorUnits == 0;
    }

    public boolean greaterThan(Money other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return Long.compare(minorUnits, other.minorUnits);
    }

    /** Decimal form for people ("12.34 USD", "1000 JPY", "1.500 KWD"); never parsed back. */
    public String display() {
        int exponent = currency.exponent();
        if (exponent == 0) {
            return minorUnits + " " + currency;
        }
        String digits = Long.toString(Math.abs(minorUnits));
        String padded = "0".repeat(Math.max(0, exponent + 1 - digits.length())) + digits;
        int point = padded.length() - exponent;
        String sign = minorUnits < 0 ? "-" : "";
        return sign + padded.substring(0, point) + "." + padded.substring(point) + " " + currency;
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new CurrencyMismatchException(currency, other.currency);
        }
    }

    @Override
    public String toString() {
        return display();
    }
}
