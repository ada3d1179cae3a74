package dev.payrail.server.providers;

import dev.payrail.core.cards.CardDetails;
import dev.payrail.core.cards.CardToken;
import dev.payrail.core.money.Money;
import dev.payrail.server.vault.CardVault;
import dev.payrail.core.providers.CustomerAuthentication;
import dev.payrail.core.providers.DeclineCodes;
import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.PaymentProvider;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.core.providers.StoredCredential;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adyen's Checkout API v71: JSON, {@code X-API-Key} and {@code Idempotency-Key} headers, {@code resultCode}
 * and {@code refusalReasonCode} mapped to Payrail's results. Adyen has no status lookup: an unknown
 * outcome stays unknown until Adyen's AUTHORISATION or modification webhook settles it (webhooks issue).
 */
final class AdyenProvider implements PaymentProvider {
    static final String API_VERSION = "v71";

    /** Adyen refusal reason codes as Payrail decline codes. */
    private static final Map<String, String> DECLINE_CODES = Map.of(
            "2", "do_not_honor",
            "5", "blocked_card",
            "6", "expired_card",
            "8", "invalid_number",
            "9", "issuer_not_available",
            "11", DeclineCodes.AUTHENTICATION_FAILED,
            "12", "insufficient_funds",
            "14", "fraudulent",
            "24", "incorrect_cvc",
            "38", DeclineCodes.AUTHENTICATION_REQUIRED);

    /** Adyen's validation error codes as Payrail's: what a modification's refusal means, whichever provider said it. */
    private static final Map<String, String> MODIFICATION_REFUSALS = Map.of(
            "167", "invalid_state",
            "137", "amount_invalid",
            "100", "provider_refused");

    private final String name;
    private final ProviderHttp http;
    private final CardVault vault;
    /** Adyen's Payout API, or null when none is configured (payouts are then declined). */
    private final ProviderHttp payoutHttp;
    private final String apiKey;
    private final String merchantAccount;
    private final String returnUrl;

    AdyenProvider(String name, CardVault vault, ProviderHttp http, ProviderHttp payoutHttp, String apiKey, String merchantAccount,
                  String returnUrl) {
        this.name = name;
        this.http = http;
        this.vault = vault;
        this.payoutHttp = payoutHttp;
        this.apiKey = apiKey;
        this.merchantAccount = merchantAccount;
        this.returnUrl = returnUrl;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public ProviderResult authorize(String operationKey, String paymentId, Money amount, CardToken token, boolean capture,
                                    CustomerAuthentication authentication, StoredCredential credential) {
        Map<String, Object> body = payment(paymentId, amount, token, capture, authentication, credential);
        return post("payments", operationKey, body, (status, answer) -> status == 200
                ? AnswerCheck.about(outcome(answer, capture), name, "merchantReference", paymentId, answer)
                : failure(status, answer));
    }

    @Override
    public boolean verifiesCards() {
        return true;
    }

    /** A zero-value authorization, Adyen's way to verify a card and store it for later payments. */
    @Override
    public ProviderResult verify(String operationKey, String setupIntentId, dev.payrail.core.money.CurrencyCode currency,
                                 CardToken token, CustomerAuthentication authentication, StoredCredential credential) {
        Map<String, Object> body = payment(setupIntentId, new Money(0, currency), token, true, authentication, credential);
        return post("payments", operationKey, body, (status, answer) -> status == 200
                ? AnswerCheck.about(outcome(answer, false), name, "merchantReference", setupIntentId, answer)
                : failure(status, answer));
    }

    private Map<String, Object> payment(String reference, Money amount, CardToken token, boolean capture,
                                        CustomerAuthentication authentication, StoredCredential credential) {
        CardDetails card = vault.open(token, reference, name);   // in process, audited, only to build this request
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("type", "scheme");
        method.put("number", card.number().digits());
        method.put("expiryMonth", String.format("%02d", card.expMonth()));
        method.put("expiryYear", Integer.toString(card.expYear()));
        if (card.cvc() != null) {
            method.put("cvc", card.cvc());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", amount(amount));
        body.put("reference", reference);
        body.put("merchantAccount", merchantAccount);
        body.put("paymentMethod", method);
        body.put("returnUrl", authentication.returnUrl() == null ? returnUrl : authentication.returnUrl());
        body.put("channel", "Web");
        if (authentication.always()) {
            body.put("authenticationData", Map.of("attemptAuthentication", "always"));
        }
        Map<String, String> additionalData = new LinkedHashMap<>();
        if (!capture) {
            additionalData.put("manualCapture", "true");
        }
        storedCredential(credential, body, additionalData);
        if (!additionalData.isEmpty()) {
            body.put("additionalData", additionalData);
        }
        return body;
    }

    /**
     * Adyen's stored-credential fields for a card Payrail keeps itself ("your own token"): {@code shopperInteraction}
     * (Ecommerce with the customer, ContAuth without), {@code recurringProcessingModel} (CardOnFile for the customer's
     * own later payments, UnscheduledCardOnFile or Subscription for the merchant's), and for a merchant-initiated one
     * the first payment's {@code additionalData.networkTxReference}.
     */
    private static void storedCredential(StoredCredential credential, Map<String, Object> body, Map<String, String> additionalData) {
        switch (credential.use()) {
            case ONE_OFF -> {
                return;
            }
            case FIRST_ON_SESSION, ON_SESSION -> body.put("recurringProcessingModel", "CardOnFile");
            case FIRST_OFF_SESSION -> body.put("recurringProcessingModel", "UnscheduledCardOnFile");
            case UNSCHEDULED -> body.put("recurringProcessingModel", "UnscheduledCardOnFile");
            case RECURRING -> body.put("recurringProcessingModel", "Subscription");
        }
        body.put("shopperInteraction", credential.merchantInitiated() ? "ContAuth" : "Ecommerce");
        if (credential.merchantInitiated()) {
            additionalData.put("networkTxReference", credential.networkTransactionId());
        }
    }

    /**
     * The customer came back from the issuer's page: Adyen decides with {@code /payments/details} and the
     * {@code redirectResult} of the return. Its answer is the authorization's, checked to be about this payment.
     */
    @Override
    public ProviderResult completeAction(String operationKey, String providerReference, Map<String, String> returnParameters) {
        String redirectResult = returnParameters.get("redirectResult");
        if (redirectResult == null) {
            return lookup(operationKey, OperationKind.AUTHORIZE, providerReference);
        }
        Map<String, Object> body = Map.of("details", Map.of("redirectResult", redirectResult));
        return post("payments/details", operationKey + "-details", body, (status, answer) -> status == 200
                // Adyen's answer does not say whether it captured: the payment's capture method does, as for its webhooks
                ? AnswerCheck.about(outcome(answer, false), name, "pspReference", providerReference, answer)
                : failure(status, answer));
    }

    /** What a /payments or /payments/details answer says of the authorization. */
    private static ProviderResult outcome(JsonNode answer, boolean capture) {
        String psp = answer.path("pspReference").asString(null);
        JsonNode additional = answer.path("additionalData");
        return switch (answer.path("resultCode").asString("")) {
            case "Authorised" -> new ProviderResult.Succeeded(psp, capture, AuthenticationResults.adyen(additional),
                    NetworkTransactionIds.adyen(additional));
            case "Refused" -> new ProviderResult.Declined(
                    DECLINE_CODES.getOrDefault(answer.path("refusalReasonCode").asString(""), "generic_decline"),
                    answer.path("refusalReason").asString("Refused"), psp,
                    "refusalReasonCode " + answer.path("refusalReasonCode").asString("none"), AuthenticationResults.adyen(additional));
            case "RedirectShopper" -> new ProviderResult.RequiresAction(psp, answer.path("action").path("url").asString(null));
            default -> new ProviderResult.OutcomeUnknown("resultCode " + answer.path("resultCode").asString());
        };
    }

    @Override
    public ProviderResult capture(String operationKey, String providerReference, Money amount) {
        return modification(providerReference, "captures", operationKey, amount);
    }

    @Override
    public ProviderResult cancel(String operationKey, String providerReference) {
        return modification(providerReference, "cancels", operationKey, null);
    }

    @Override
    public ProviderResult refund(String operationKey, String providerReference, Money amount) {
        return modification(providerReference, "refunds", operationKey, amount);
    }

    @Override
    public ProviderResult lookup(String operationKey, OperationKind kind, String providerReference) {
        return new ProviderResult.OutcomeUnknown("Adyen has no status lookup; waiting for its webhook");
    }

    /**
     * A payout to the stored payout details {@code destination} (Payout API v68 {@code submitThirdParty}).
     * Adyen accepts it with {@code [payout-submit-received]} and tells the outcome only by notification
     * (PAYOUT_THIRDPARTY, PAYOUT_DECLINE, PAIDOUT_REVERSED); its progress cannot be asked for.
     */
    @Override
    public ProviderResult payout(String operationKey, Money amount, String destination) {
        if (payoutHttp == null) {
            return new ProviderResult.Declined("payouts_unsupported", "No Adyen Payout API is configured (payout-base-url)", null);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", Map.of("value", amount.minorUnits(), "currency", amount.currency().code()));
        body.put("merchantAccount", merchantAccount);
        body.put("reference", operationKey);
        body.put("recurring", Map.of("contract", "PAYOUT"));
        body.put("selectedRecurringDetailReference", destination);
        body.put("shopperReference", destination);
        body.put("shopperEmail", "payouts@payrail.local");
        HttpRequest request = payoutHttp.request("submitThirdParty")
                .header("Content-Type", "application/json")
                .header("X-API-Key", apiKey)
                .header("Idempotency-Key", operationKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(payoutHttp.toJson(body)))
                .build();
        return payoutHttp.send(request, (status, answer) -> {
            if (status == 200 && answer.path("resultCode").asString("").startsWith("[payout-submit-received]")) {
                return new ProviderResult.Succeeded(answer.path("pspReference").asString(null), false);
            }
            if (status >= 500 || status == 429) {
                return ProviderHttp.unprocessedOrUnknown(status);
            }
            return new ProviderResult.Declined("payout_refused_" + answer.path("errorCode").asString("unknown"),
                    answer.path("message").asString("Adyen refused the payout."), null);
        });
    }

    /** Modifications are asynchronous at Adyen: 201 "received" is accepted; the webhook confirms. */
    private ProviderResult modification(String paymentPspReference, String path, String operationKey, Money amount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("merchantAccount", merchantAccount);
        body.put("reference", operationKey);
        if (amount != null) {
            body.put("amount", amount(amount));
        }
        return post("payments/" + paymentPspReference + "/" + path, operationKey, body, (status, answer) -> status == 201
                ? AnswerCheck.about(new ProviderResult.Succeeded(answer.path("pspReference").asString(null), path.equals("captures")),
                        name, "paymentPspReference", paymentPspReference, answer)
                : failure(status, answer));
    }

    private ProviderResult post(String path, String operationKey, Map<String, Object> body,
                                ProviderHttp.Interpretation interpretation) {
        HttpRequest request = http.request(path)
                .header("Content-Type", "application/json")
                .header("X-API-Key", apiKey)
                .header("Idempotency-Key", operationKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(http.toJson(body)))
                .build();
        return http.send(request, interpretation);
    }

    private static ProviderResult failure(int status, JsonNode error) {
        if (status >= 500 || status == 429) {
            return ProviderHttp.unprocessedOrUnknown(status);
        }
        String errorCode = error.path("errorCode").asString("error");
        return new ProviderResult.Declined(MODIFICATION_REFUSALS.getOrDefault(errorCode, "provider_refused"),
                error.path("message").asString("Adyen refused the request."), null, "errorCode " + errorCode);
    }

    private static Map<String, Object> amount(Money amount) {
        return Map.of("currency", amount.currency().code(), "value", amount.minorUnits());
    }
}
