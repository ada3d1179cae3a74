package dev.payrail.core.risk;

import dev.payrail.core.money.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/**
 * What is known of one attempt before the counters are read: the payment's amount, its card, the customer as the
 * merchant described them, and the merchant's history of the card and customer. Any part may be null (a bank
 * redirect has no card, a server-to-server payment may send no IP address): its attributes are then missing, never
 * guessed. {@link #facts} turns it, with the velocity counters, into what the rules read.
 */
public record RiskSignals(Money amount, String cardBrand, String cardCountry, String cardBin, String cardFingerprint,
                          String ipAddress, String ipCountry, String email, String billingCountry, String customer,
                          boolean offSession, Boolean firstUseOfCard, Long usualAmount, Long customerRefunds30d,
                          Long cardRefunds30d) {

    public RiskSignals {
        email = email == null || email.isBlank() ? null : email.strip().toLowerCase(Locale.ROOT);
        ipAddress = ipAddress == null || ipAddress.isBlank() ? null : ipAddress.strip();
        ipCountry = upper(ipCountry);
        billingCountry = upper(billingCountry);
        cardCountry = upper(cardCountry);
    }

    /** The facts of the attempt with {@code velocity} (attribute to count) added; not yet scored. */
    public RiskFacts facts(Map<String, Long> velocity) {
        RiskFacts.Builder facts = RiskFacts.builder()
                .number("amount", amount.minorUnits())
                .string("currency", amount.currency().wireName())
                .string("card_brand", cardBrand)
                .string("card_country", cardCountry)
                .string("card_bin", cardBin)
                .string("card_fingerprint", cardFingerprint)
                .string("ip_address", ipAddress)
                .string("ip_country", ipCountry)
                .string("billing_country", billingCountry)
                .string("email", email)
                .string("email_domain", email == null || email.indexOf('@') < 0 ? null : email.substring(email.indexOf('@') + 1))
                .string("customer", customer)
                .bool("is_off_session", offSession);
        UsdReferenceRates.inUsd(amount).ifPresent(usd -> facts.number("amount_in_usd", usd));
        if (firstUseOfCard != null) {
            facts.bool("is_first_use_of_card", firstUseOfCard);
        }
        if (usualAmount != null && usualAmount > 0) {
            facts.number("amount_to_usual", BigDecimal.valueOf(amount.minorUnits())
                    .divide(BigDecimal.valueOf(usualAmount), 2, RoundingMode.HALF_UP));
        }
        if (customerRefunds30d != null) {
            facts.number("customer_refunds_30d", customerRefunds30d);
        }
        if (cardRefunds30d != null) {
            facts.number("card_refunds_30d", cardRefunds30d);
        }
        velocity.forEach(facts::number);
        return facts.build();
    }

    private static String upper(String country) {
        return country == null || country.isBlank() ? null : country.strip().toUpperCase(Locale.ROOT);
    }
}
