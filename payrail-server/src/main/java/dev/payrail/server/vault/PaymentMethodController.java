package dev.payrail.server.vault;

import dev.payrail.core.banks.Iban;
import dev.payrail.core.cards.CardDetails;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import dev.payrail.server.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * /v1/payment_methods: the only endpoint that takes a card number or an IBAN. A publishable key may call it (from a
 * browser or app), so card numbers need never pass through a merchant's servers.
 */
@RestController
public class PaymentMethodController {
    private final CardVault vault;
    private final JsonMapper json;

    PaymentMethodController(CardVault vault, JsonMapper json) {
        this.vault = vault;
        this.json = json;
    }

    @Operation(operationId = "createPaymentMethod", summary = "Tokenize a card: returns a pm_ token with brand, last4, "
            + "expiry and fingerprint (secret or publishable key)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = NewPaymentMethod.class))))
    @PostMapping("/v1/payment_methods")
    public Map<String, Object> create(@Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                      @Parameter(hidden = true) HttpServletRequest request) {
        JsonParams params = JsonParams.parse(json, body, Set.of("type", "card", "sepa_debit", "billing_details"));
        String type = params.optionalString("type", 16).orElse(PaymentMethod.CARD);
        String holder = params.optionalObject("billing_details", Set.of("name"))
                .flatMap(billing -> billing.optionalFreeText("name", 200)).orElse(null);
        if (PaymentMethod.SEPA_DEBIT.equals(type)) {
            // the account holder's name goes to their bank with every debit, as SEPA requires
            if (holder == null) {
                throw ApiException.invalid("parameter_missing", "billing_details.name",
                        "A SEPA debit names the account holder: send billing_details.name.");
            }
            JsonParams account = params.optionalObject("sepa_debit", Set.of("iban")).orElseThrow(() -> params.missing("sepa_debit"));
            String raw = account.requiredString("iban", 42);
            Iban iban = Iban.parse(raw).orElseThrow(() -> ApiException.invalid("iban_invalid", "sepa_debit.iban",
                    "The IBAN is not valid (country, length or check digits)."));
            return json(vault.tokenizeBankAccount(Caller.of(request).merchantId(), iban, holder));
        }
        if (!PaymentMethod.CARD.equals(type)) {
            throw ApiException.invalid("parameter_invalid", "type", "type must be card or sepa_debit.");
        }
        CardDetails card = CardParams.read(params.optionalObject("card", CardParams.FIELDS)
                .orElseThrow(() -> params.missing("card")));
        return json(vault.tokenize(Caller.of(request).merchantId(), card, holder));
    }

    @Operation(operationId = "retrievePaymentMethod", summary = "Retrieve a payment method (never the number)")
    @GetMapping("/v1/payment_methods/{id}")
    public Map<String, Object> retrieve(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) {
        return json(vault.find(Caller.of(request).merchantId(), id)
                .orElseThrow(() -> ApiException.notFound("payment_method", id)));
    }

    public static Map<String, Object> json(PaymentMethod method) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", method.id());
        json.put("object", "payment_method");
        json.put("type", method.type());
        json.put("card", method.isBankAccount() ? null : card(method));
        json.put("sepa_debit", method.isBankAccount() ? bankAccount(method) : null);
        json.put("customer", method.customerId());
        json.put("saved_for", method.savedFor());
        json.put("detached", method.detached());
        json.put("created", method.created().getEpochSecond());
        return json;
    }

    private static Map<String, Object> card(PaymentMethod method) {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("brand", method.brand());
        card.put("last4", method.last4());
        card.put("exp_month", method.expMonth());
        card.put("exp_year", method.expYear());
        card.put("country", method.country());
        card.put("fingerprint", method.fingerprint());
        return card;
    }

    private static Map<String, Object> bankAccount(PaymentMethod method) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("country", method.country());
        account.put("last4", method.last4());
        account.put("fingerprint", method.fingerprint());
        return account;
    }

    @Schema(name = "NewPaymentMethod")
    record NewPaymentMethod(@Schema(allowableValues = {"card", "sepa_debit"}) String type, NewCard card,
                            NewBankAccount sepa_debit, BillingDetails billing_details) {
    }

    @Schema(name = "NewBankAccount", description = "The account's IBAN; kept only in the vault")
    record NewBankAccount(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "DE89370400440532013000") String iban) {
    }

    @Schema(name = "NewCard", description = "The card; the number is kept only in the vault, the CVC never stored")
    record NewCard(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "4242424242424242") String number,
                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int exp_month,
                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int exp_year, String cvc) {
    }

    @Schema(name = "BillingDetails")
    record BillingDetails(String name) {
    }
}
