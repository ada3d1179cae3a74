package dev.payrail.server.stripe;

import java.time.Year;
import java.util.Map;
import java.util.Optional;

/**
 * Stripe's test payment methods and tokens ({@code pm_card_visa}, {@code tok_chargeDeclined}, ...) as the card numbers
 * they stand for, for test keys only: an integration's test suite written against Stripe runs unchanged. Each use is
 * tokenized into the vault as that card (with an expiry a few years ahead), as Stripe makes a new payment method of
 * each use; the numbers are the ones the simulators answer as Stripe's test cards do.
 */
final class StripeTestValues {
    private static final Map<String, String> CARDS = Map.ofEntries(
            Map.entry("visa", "4242424242424242"),
            Map.entry("visa_debit", "4000056655665556"),
            Map.entry("mastercard", "5555555555554444"),
            Map.entry("amex", "378282246310005"),
            Map.entry("chargeDeclined", "4000000000000002"),
            Map.entry("chargeDeclinedInsufficientFunds", "4000000000009995"),
            Map.entry("chargeDeclinedExpiredCard", "4000000000000069"),
            Map.entry("chargeDeclinedLostCard", "4000000000009987"),
            Map.entry("chargeDeclinedStolenCard", "4000000000009979"),
            Map.entry("chargeDeclinedProcessingError", "4000000000000119"),
            Map.entry("threeDSecure2Required", "4000000000003220"),
            Map.entry("threeDSecureRequired", "4000000000003220"),
            Map.entry("authenticationRequired", "4000002760003184"));

    private StripeTestValues() {
    }

    /** The card {@code value} ({@code pm_card_<name>} or {@code tok_<name>}) stands for; empty for anything else. */
    static Optional<String> cardNumber(String value) {
        String name = value.startsWith("pm_card_") ? value.substring(8) : value.startsWith("tok_") ? value.substring(4) : null;
        return name == null ? Optional.empty() : Optional.ofNullable(CARDS.get(name));
    }

    /** The card as Payrail's native {@code card} parameter. */
    static Map<String, Object> card(String number) {
        return Map.of("number", number, "exp_month", 12, "exp_year", Year.now().getValue() + 3, "cvc", "123");
    }
}
