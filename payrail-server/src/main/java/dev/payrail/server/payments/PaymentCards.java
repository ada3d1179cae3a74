package dev.payrail.server.payments;

import dev.payrail.core.cards.CardDetails;
import dev.payrail.server.PayrailProperties;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import dev.payrail.server.security.Caller;
import dev.payrail.server.vault.CardParams;
import dev.payrail.server.vault.CardVault;
import dev.payrail.server.vault.PaymentMethod;
import org.springframework.stereotype.Component;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * The card a payment is paid with: {@code payment_method} (a {@code pm_} token from /v1/payment_methods),
 * or, as a convenience for testing against the simulator, a raw {@code card}, which is tokenized into the
 * vault like any other before the payment sees it. Raw cards are accepted only as
 * {@code payrail.security.raw-card-numbers} allows: from test keys (the default), from all keys, or never.
 */
@Component
class PaymentCards {
    /** What the request named, validated; nothing stored yet. */
    record Given(Optional<String> paymentMethodId, Optional<CardDetails> card) {
        boolean any() {
            return paymentMethodId.isPresent() || card.isPresent();
        }
    }

    private final CardVault vault;
    private final String rawCardNumbers;

    PaymentCards(CardVault vault, PayrailProperties properties) {
        this.vault = vault;
        this.rawCardNumbers = properties.security().rawCardNumbers().toLowerCase(Locale.ROOT);
    }

    Given read(JsonParams params, Caller caller) {
        Optional<String> paymentMethod = params.optionalString("payment_method", 64);
        Optional<CardDetails> card = params.optionalObject("card", CardParams.FIELDS).map(CardParams::read);
        if (paymentMethod.isPresent() && card.isPresent()) {
            throw ApiException.invalid("parameter_conflict", "card", "Send either payment_method or card, not both.");
        }
        if (card.isPresent() && !rawCardsAllowed(caller)) {
            throw ApiException.invalid("raw_card_data_not_allowed", "card", "Card numbers go to /v1/payment_methods; pay "
                    + "with the payment_method it returns. Raw card numbers are accepted here only "
                    + ("off".equals(rawCardNumbers) ? "when PAYRAIL_RAW_CARD_NUMBERS allows them." : "from test keys."));
        }
        return new Given(paymentMethod, card);
    }

    /** The payment method the request named (tokenizing a raw card now), checked to be usable. */
    Optional<PaymentMethod> resolve(String merchantId, Given given) {
        Optional<PaymentMethod> method = given.paymentMethodId()
                .map(id -> vault.find(merchantId, id).orElseThrow(() -> ApiException.notFound("payment_method", id, "payment_method")))
                .or(() -> given.card().map(card -> vault.tokenize(merchantId, card, null)));
        method.ifPresent(PaymentCards::requireUnexpired);
        return method;
    }

    private static void requireUnexpired(PaymentMethod method) {
        if (!method.isBankAccount() && YearMonth.of(method.expYear(), method.expMonth()).isBefore(YearMonth.now(ZoneOffset.UTC))) {
            throw ApiException.invalid("card_expired", "payment_method", "The card has expired.");
        }
    }

    private boolean rawCardsAllowed(Caller caller) {
        return switch (rawCardNumbers) {
            case "all" -> true;
            case "off" -> false;
            default -> caller.testMode();
        };
    }
}
