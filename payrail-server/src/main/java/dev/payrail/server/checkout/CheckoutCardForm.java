package dev.payrail.server.checkout;

import dev.payrail.core.cards.CardBrand;
import dev.payrail.core.cards.CardDetails;
import dev.payrail.core.cards.CardNumber;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The card form of the hosted page, read as a customer typed it (spaces in the number, "MM / YY" expiry), with an
 * error per field in words a customer understands. Nothing is kept: a valid card goes straight to the vault.
 */
final class CheckoutCardForm {
    static final String NAME = "cardholder_name";
    static final String NUMBER = "card_number";
    static final String EXPIRY = "card_expiry";
    static final String CVC = "card_cvc";
    private static final Pattern EXPIRY_FORMAT = Pattern.compile("\\s*(\\d{1,2})\\s*/\\s*(\\d{2}|\\d{4})\\s*");

    /** Either the card, or what is wrong with each field (by field name, in form order). */
    record Read(Optional<CardDetails> card, String holderName, Map<String, String> errors) {
    }

    private CheckoutCardForm() {
    }

    static Read read(Map<String, String> form, YearMonth now) {
        Map<String, String> errors = new LinkedHashMap<>();
        String name = form.getOrDefault(NAME, "").strip();
        if (name.isEmpty() || name.length() > 100) {
            errors.put(NAME, "Enter the name on the card.");
        }
        Optional<CardNumber> number = CardNumber.parse(form.getOrDefault(NUMBER, "").replaceAll("[\\s-]", ""));
        if (number.isEmpty()) {
            errors.put(NUMBER, "Your card number is incomplete or not valid.");
        }
        YearMonth expiry = null;
        Matcher m = EXPIRY_FORMAT.matcher(form.getOrDefault(EXPIRY, ""));
        if (m.matches() && Integer.parseInt(m.group(1)) >= 1 && Integer.parseInt(m.group(1)) <= 12) {
            int year = Integer.parseInt(m.group(2));
            expiry = YearMonth.of(year < 100 ? 2000 + year : year, Integer.parseInt(m.group(1)));
            if (expiry.isBefore(now)) {
                errors.put(EXPIRY, "Your card has expired.");
            } else if (expiry.getYear() > 2099) {
                errors.put(EXPIRY, "Enter the expiry date as month / year, for example 12 / 30.");
            }
        } else {
            errors.put(EXPIRY, "Enter the expiry date as month / year, for example 12 / 30.");
        }
        String cvc = form.getOrDefault(CVC, "").strip();
        int cvcLength = number.map(CardNumber::brand).orElse(CardBrand.UNKNOWN).securityCodeLength();
        if (!cvc.matches("[0-9]{" + cvcLength + "}")) {
            errors.put(CVC, "Enter the " + cvcLength + "-digit security code from your card.");
        }
        if (!errors.isEmpty()) {
            return new Read(Optional.empty(), name, errors);
        }
        return new Read(Optional.of(new CardDetails(number.get(), expiry.getMonthValue(), expiry.getYear(), cvc)), name, errors);
    }

    static YearMonth thisMonth() {
        return YearMonth.now(ZoneOffset.UTC);
    }
}
