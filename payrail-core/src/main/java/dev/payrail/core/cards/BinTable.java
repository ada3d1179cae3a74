package dev.payrail.core.cards;

import java.util.Map;

/**
 * Issuing country by BIN for the simulator's test cards (Stripe's international test numbers); any
 * other card is taken as issued in the US. A real deployment would load a licensed BIN file instead.
 */
public final class BinTable {
    private static final Map<String, String> COUNTRY_BY_PREFIX = Map.ofEntries(
            Map.entry("4000000760", "BR"),
            Map.entry("4000001240", "CA"),
            Map.entry("4000002500", "FR"),
            Map.entry("4000002760", "DE"),
            Map.entry("4000003800", "IT"),
            Map.entry("4000005280", "NL"),
            Map.entry("4000007240", "ES"),
            Map.entry("4000008260", "GB"),
            Map.entry("4000003920", "JP"),
            Map.entry("4000000360", "AU"));

    private BinTable() {
    }

    /** ISO 3166 alpha-2 country of the card's issuer. */
    public static String countryOf(CardNumber card) {
        String digits = card.digits();
        return digits.length() >= 10 ? COUNTRY_BY_PREFIX.getOrDefault(digits.substring(0, 10), "US") : "US";
    }
}
