package dev.payrail.core.routing;

import dev.payrail.core.money.Money;

import java.util.List;
import java.util.Locale;

/**
 * The traffic a provider's recent success rate is learnt for: card brand, issuing country (from the BIN), currency,
 * amount band (in the currency's major units) and card type (credit, debit, prepaid). Learnt at several depths
 * ({@link #levels}): the whole segment where it has seen enough payments, else coarser ones, so that a rare segment
 * still routes by what its neighbours show.
 */
public record Segment(String brand, String country, String currency, String amountBand, String cardType) {

    public static Segment of(String brand, String country, Money amount, String cardType) {
        return new Segment(lower(brand), country == null ? "unknown" : country.toUpperCase(Locale.ROOT),
                amount.currency().wireName(), band(amount), lower(cardType));
    }

    /** Under 10, 10 to 100, 100 to 1,000, 1,000 and more of the currency's major units. */
    static String band(Money amount) {
        long major = amount.minorUnits() / pow10(amount.currency().exponent());
        if (major < 10) {
            return "lt10";
        }
        if (major < 100) {
            return "10-100";
        }
        return major < 1000 ? "100-1000" : "gte1000";
    }

    /** From the most specific to all traffic: the keys a success rate is kept under. */
    public List<String> levels() {
        return List.of(
                "brand=" + brand + ",country=" + country + ",currency=" + currency + ",amount=" + amountBand + ",type=" + cardType,
                "brand=" + brand + ",country=" + country,
                "currency=" + currency,
                "all");
    }

    /** The most specific key, as payments record it. */
    public String key() {
        return levels().get(0);
    }

    private static String lower(String value) {
        return value == null ? "unknown" : value.toLowerCase(Locale.ROOT);
    }

    private static long pow10(int exponent) {
        long p = 1;
        for (int i = 0; i < exponent; i++) {
            p *= 10;
        }
        return p;
    }
}
