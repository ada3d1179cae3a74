package dev.payrail.server.vault;

import dev.payrail.core.cards.CardDetails;
import dev.payrail.core.cards.CardNumber;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Reads a card: number (Luhn and the brand's length), expiry in the future, CVC of the brand's length.
 * Errors name the field and never repeat the number.
 */
public final class CardParams {
    public static final Set<String> FIELDS = Set.of("number", "exp_month", "exp_year", "cvc");

    private CardParams() {
    }

    public static CardDetails read(JsonParams card) {
        String rawNumber = card.requiredString("number", 23);
        CardNumber number = CardNumber.parse(rawNumber).orElseThrow(() -> ApiException.invalid("card_number_invalid",
                card.param("number"), "The card number is not a valid card number."));
        long month = card.requiredLong("exp_month");
        if (month < 1 || month > 12) {
            throw ApiException.invalid("card_exp_month_invalid", card.param("exp_month"), "exp_month must be 1 to 12.");
        }
        long year = card.requiredLong("exp_year");
        if (year < 2000 || year > 2099) {
            throw ApiException.invalid("card_exp_year_invalid", card.param("exp_year"),
                    "exp_year must be a four-digit year.");
        }
        if (YearMonth.of((int) year, (int) month).isBefore(YearMonth.now(ZoneOffset.UTC))) {
            throw ApiException.invalid("card_expired", card.param("exp_year"), "The card has expired.");
        }
        String cvc = card.optionalString("cvc", 4).orElse(null);
        int cvcLength = number.brand().securityCodeLength();
        if (cvc != null && !cvc.matches("[0-9]{" + cvcLength + "}")) {
            throw ApiException.invalid("card_cvc_invalid", card.param("cvc"), "cvc must be " + cvcLength
                    + " digits for this card.");
        }
        return new CardDetails(number, (int) month, (int) year, cvc);
    }
}
