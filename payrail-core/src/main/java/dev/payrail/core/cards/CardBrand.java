package dev.payrail.core.cards;

import java.util.Locale;

/** Card schemes recognised from the leading digits (BIN ranges) and their valid lengths. */
public enum CardBrand {
    VISA(13, 16, 19),
    MASTERCARD(16),
    AMEX(15),
    DISCOVER(16, 19),
    UNKNOWN();

    private final int[] lengths;

    CardBrand(int... lengths) {
        this.lengths = lengths;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Digits of the card's security code: four on the front of an American Express card, three on the back of others. */
    public int securityCodeLength() {
        return this == AMEX ? 4 : 3;
    }

    public boolean acceptsLength(int length) {
        for (int l : lengths) {
            if (l == length) {
                return true;
            }
        }
        return false;
    }

    static CardBrand detect(String digits) {
        if (digits.startsWith("4")) {
            return VISA;
        }
        if (digits.startsWith("34") || digits.startsWith("37")) {
            return AMEX;
        }
        if (digits.startsWith("6011") || digits.startsWith("65")) {
            return DISCOVER;
        }
        int two = Integer.parseInt(digits.substring(0, 2));
        int four = Integer.parseInt(digits.substring(0, 4));
        if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
            return MASTERCARD;
        }
        return UNKNOWN;
    }
}
