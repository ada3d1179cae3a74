package dev.payrail.core.cards;

import java.util.Optional;

/**
 * A primary account number that passed Luhn and the brand's length rule.
 * {@link #toString()} never shows the number; only {@link #digits()} does, for the provider call.
 */
public final class CardNumber {
    private final String digits;
    private final CardBrand brand;

    private CardNumber(String digits, CardBrand brand) {
        this.digits = digits;
        this.brand = brand;
    }

    /** Accepts digits with optional spaces or dashes; empty when the number is not a valid card number. */
    public static Optional<CardNumber> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String digits = raw.replace(" ", "").replace("-", "");
        if (!digits.matches("[0-9]{12,19}") || !passesLuhn(digits)) {
            return Optional.empty();
        }
        CardBrand brand = CardBrand.detect(digits);
        if (brand == CardBrand.UNKNOWN || !brand.acceptsLength(digits.length())) {
            return Optional.empty();
        }
        return Optional.of(new CardNumber(digits, brand));
    }

    /** {@code body} with the Luhn check digit that makes it pass appended: for making test cards of one's own. */
    public static String withCheckDigit(String body) {
        for (char check = '0'; check <= '9'; check++) {
            if (passesLuhn(body + check)) {
                return body + check;
            }
        }
        throw new IllegalArgumentException("no check digit for " + body.length() + " digits");
    }

    public static boolean passesLuhn(String digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    public String digits() {
        return digits;
    }

    public CardBrand brand() {
        return brand;
    }

    public String last4() {
        return digits.substring(digits.length() - 4);
    }

    @Override
    public String toString() {
        return brand.wireName() + " ****" + last4();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CardNumber other && other.digits.equals(digits);
    }

    @Override
    public int hashCode() {
        return digits.hashCode();
    }
}
