package dev.payrail.core.risk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The attributes a risk rule may name ({@code :amount_in_usd:}), each with its type and meaning: the catalogue a rule
 * is validated against when it is saved, and the one docs/risk.md lists. A payment's evaluation supplies their values
 * ({@link RiskFacts}); one it cannot know (no IP address given) is missing, and a comparison on it is false.
 */
public final class RiskAttributes {
    /** The three kinds of value: numbers are exact decimals (never floating point), strings, booleans. */
    public enum Type { NUMBER, STRING, BOOLEAN }

    public record Attribute(String name, Type type, String meaning) {
    }

    private static final Map<String, Attribute> ALL = new LinkedHashMap<>();

    static {
        number("amount_in_usd", "the amount in US dollars (major units, exact), at Payrail's reference rates");
        number("amount", "the amount in the currency's minor units");
        string("currency", "the ISO 4217 code, lower case");
        string("card_brand", "visa, mastercard, amex, ...");
        string("card_country", "the card's issuing country (ISO 3166 alpha-2), from its BIN");
        string("card_bin", "the card's first six digits");
        string("card_fingerprint", "the same for every copy of one card number at one merchant");
        string("ip_address", "the customer's IP address, as the merchant sent it");
        string("ip_country", "the country of the customer's IP address, if the merchant sent it");
        string("billing_country", "the billing address's country");
        string("email", "the customer's email, lower case");
        string("email_domain", "the part of the email after the @");
        string("customer", "the Payrail customer id");
        bool("is_off_session", "a merchant-initiated payment of a saved card");
        bool("is_first_use_of_card", "the card's fingerprint has no earlier payment at the merchant");
        number("amount_to_usual", "the amount against the merchant's median amount of the last 30 days (1: as usual)");
        number("card_attempts_1h", "authorizations of the card's fingerprint in the last hour");
        number("card_declines_24h", "declines of the card's fingerprint in the last 24 hours");
        number("card_distinct_ips_24h", "distinct IP addresses the card's fingerprint came from in the last 24 hours");
        number("ip_attempts_1h", "authorizations from the IP address in the last hour");
        number("ip_distinct_cards_1h", "distinct card fingerprints from the IP address in the last hour");
        number("ip_declines_1h", "declines of attempts from the IP address in the last hour");
        number("email_attempts_24h", "authorizations with the email in the last 24 hours");
        number("customer_attempts_24h", "authorizations of the customer in the last 24 hours");
        number("bin_declines_1h", "declines of cards of the BIN at the merchant in the last hour");
        number("customer_refunds_30d", "refunds of the customer's payments in the last 30 days");
        number("card_refunds_30d", "refunds of payments with the card's fingerprint in the last 30 days");
        number("risk_score", "Payrail's score, 0 (safe) to 100");
        string("risk_level", "normal, elevated or highest");
    }

    private RiskAttributes() {
    }

    public static Optional<Attribute> named(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    public static Map<String, Attribute> all() {
        return Collections.unmodifiableMap(ALL);
    }

    private static void number(String name, String meaning) {
        ALL.put(name, new Attribute(name, Type.NUMBER, meaning));
    }

    private static void string(String name, String meaning) {
        ALL.put(name, new Attribute(name, Type.STRING, meaning));
    }

    private static void bool(String name, String meaning) {
        ALL.put(name, new Attribute(name, Type.BOOLEAN, meaning));
    }
}
