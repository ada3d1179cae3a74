package dev.payrail.core.money;

import java.util.Currency;
import java.util.Locale;
import java.util.Optional;

/**
 * An ISO 4217 currency that money can be held in, with its minor-unit exponent
 * (JPY 0, USD 2, KWD 3). Funds codes and metals, which have no minor unit, are refused.
 */
public record CurrencyCode(String code, int exponent) {

    public CurrencyCode {
        if (code == null || !code.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency code must be three upper-case letters: " + code);
        }
        if (exponent < 0 || exponent > 4) {
            throw new IllegalArgumentException("unsupported exponent " + exponent + " for " + code);
        }
    }

    /** Parses a code case-insensitively ("usd", "USD"); empty when it is not a currency money can be held in. */
    public static Optional<CurrencyCode> parse(String raw) {
        if (raw == null || !raw.matches("[A-Za-z]{3}")) {
            return Optional.empty();
        }
        String upper = raw.toUpperCase(Locale.ROOT);
        try {
            int digits = Currency.getInstance(upper).getDefaultFractionDigits();
            return digits < 0 ? Optional.empty() : Optional.of(new CurrencyCode(upper, digits));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    public static CurrencyCode of(String raw) {
        return parse(raw).orElseThrow(() -> new IllegalArgumentException("not an ISO 4217 currency: " + raw));
    }

    /** The lower-case form used on the wire, as Stripe does. */
    public String wireName() {
        return code.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return code;
    }
}
