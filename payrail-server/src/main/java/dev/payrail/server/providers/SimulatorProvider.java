package dev.payrail.server.providers;

import dev.payrail.core.cards.CardDetails;
import dev.payrail.core.cards.CardToken;
import dev.payrail.core.money.Money;
import dev.payrail.server.vault.CardVault;
import dev.payrail.core.providers.CustomerAuthentication;
import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.FailureMessages;
import dev.payrail.core.providers.PaymentProvider;
import dev.payrail.core.providers.PayoutProgress;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.core.providers.StoredCredential;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/** Adapter for the simulator's native acquirer API, which has a status lookup by idempotency key. */
final class SimulatorProvider implements PaymentProvider {
    private final String name;
    private final ProviderHttp http;
    private final CardVault vault;

    SimulatorProvider(String name, CardVault vault, ProviderHttp http) {
        this.name = name;
        this.http = http;
        this.vault = vault;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String apiVersion() {
        return "sim-2026-11";
    }

    @Override
    public ProviderResult authorize(String operationKey, String paymentId, Money amount, CardToken token, boolean capture,
                                    CustomerAuthentication authentication, StoredCredential credential) {
        Map<String, Object> body = authorization(paymentId, amount, token, capture, authentication, credential);
        return post("v1/authorizations", operationKey, body, "payment_reference", paymentId);
    }

    @Override
    public boolean verifiesCards() {
        return true;
    }

    /** A zero-amount authorization ({@code verification: true}): the card is checked and its series opened, nothing held. */
    @Override
    public ProviderResult verify(String operationKey, String setupIntentId, dev.payrail.core.money.CurrencyCode currency,
                                 CardToken token, CustomerAuthentication authentication, StoredCredential credential) {
        Map<String, Object> body = authorization(setupIntentId, new Money(0, currency), token, false, authentication, credential);
        body.put("verification", true);
        return post("v1/authorizations", operationKey, body, "payment_reference", setupIntentId);
    }

    private Map<String, Object> authorization(String reference, Money amount, CardToken token, boolean capture,
                                              CustomerAuthentication authentication, StoredCredential credential) {
        CardDetails card = vault.open(token, reference, name);   // in process, audited, only to build this request
        Map<String, Object> cardJson = new LinkedHashMap<>();
        cardJson.put("number", card.number().digits());
        cardJson.put("exp_month", card.expMonth());
        cardJson.put("exp_year", card.expYear());
        if (card.cvc() != null) {
            cardJson.put("cvc", card.cvc());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", amount.minorUnits());
        body.put("currency", amount.currency().wireName());
        body.put("capture", capture);
        body.put("payment_reference", reference);
        body.put("card", cardJson);
        body.put("three_d_secure", authentication.request());
        body.put("return_url", authentication.returnUrl());
        if (credential.use() != StoredCredential.Use.ONE_OFF) {
            body.put("stored_credential", storedCredential(credential));
        }
        return body;
    }

    /** The native face's stored-credential object: who starts it, first or later in the series, and what it cites. */
    private static Map<String, Object> storedCredential(StoredCredential credential) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("initiator", credential.merchantInitiated() ? "merchant" : "customer");
        json.put("series", credential.use().first() ? "first" : "subsequent");
        json.put("reason", switch (credential.use()) {
            case RECURRING -> "recurring";
            case UNSCHEDULED, FIRST_OFF_SESSION -> "unscheduled";
            default -> "card_on_file";
        });
        if (credential.networkTransactionId() != null) {
            json.put("network_transaction_id", credential.networkTransactionId());
        }
        return json;
    }

    /**
     * The network's account updater, asked about up to a batch of stored cards at once. Each card is opened only to
     * build the inquiry, audited under the inquiry's id; an inquiry that fails answers nothing (the next run asks again).
     */
    @Override
    public java.util.List<dev.payrail.core.cards.CardUpdate> cardUpdates(java.util.List<CardToken> cards) {
        String inquiry = dev.payrail.server.api.Ids.newId("acu");
        java.util.List<Map<String, Object>> asked = new java.util.ArrayList<>();
        for (CardToken token : cards) {
            CardDetails card = vault.open(token, inquiry, name);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("reference", token.paymentMethodId());
            json.put("number", card.number().digits());
            json.put("exp_month", card.expMonth());
            json.put("exp_year", card.expYear());
            asked.add(json);
        }
        vault.recordLeftOpenings(inquiry);
        java.util.List<dev.payrail.core.cards.CardUpdate> updates = new java.util.ArrayList<>();
        HttpRequest request = http.request("v1/account_updates").header("Content-Type", "application/json")
                .header("Idempotency-Key", inquiry)
                .POST(HttpRequest.BodyPublishers.ofByteArray(http.toJson(Map.of("cards", asked)))).build();
        http.lookup(request, (status, answer) -> {
            if (status == 200) {
                for (JsonNode update : answer.path("data")) {
                    updates.add(new dev.payrail.core.cards.CardUpdate(update.path("reference").asString(),
                            dev.payrail.core.cards.CardNumber.parse(update.path("number").asString("")).orElse(null),
                            update.path("exp_month").intValue(), update.path("exp_year").intValue()));
                }
            }
            return new ProviderResult.OutcomeUnknown("inquiry read");
        });
        return updates;
    }

    @Override
    public ProviderResult capture(String operationKey, String providerReference, Money amount) {
        return post("v1/authorizations/" + providerReference + "/capture", operationKey, Map.of("amount", amount.minorUnits()),
                "id", providerReference);
    }

    @Override
    public ProviderResult cancel(String operationKey, String providerReference) {
        return post("v1/authorizations/" + providerReference + "/void", operationKey, Map.of(), "id", providerReference);
    }

    @Override
    public ProviderResult refund(String operationKey, String providerReference, Money amount) {
        return post("v1/authorizations/" + providerReference + "/refunds", operationKey, Map.of("amount", amount.minorUnits()),
                "authorization", providerReference);
    }

    @Override
    public ProviderResult lookup(String operationKey, OperationKind kind, String providerReference) {
        return http.lookup(http.request("v1/operations/" + operationKey).GET().build(), (status, answer) -> {
            if (status == 404) {
                return new ProviderResult.NotReceived("the provider has no request with this key");
            }
            if (status != 200) {
                return new ProviderResult.OutcomeUnknown("lookup answered " + status);
            }
            JsonNode body = answer.get("body");
            ProviderResult result = interpret(answer.get("http_status").intValue(), body);
            return switch (kind) {
                case CAPTURE, CANCEL -> AnswerCheck.about(result, name, "id", providerReference, body);
                case REFUND -> AnswerCheck.about(result, name, "authorization", providerReference, body);
                default -> result;      // an authorization's or payout's key is Payrail's own operation id: unique
            };
        });
    }

    @Override
    public ProviderResult payout(String operationKey, Money amount, String destination) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", amount.minorUnits());
        body.put("currency", amount.currency().wireName());
        body.put("destination", destination);
        return post("v1/payouts", operationKey, body, null, null);
    }

    @Override
    public PayoutProgress payoutProgress(String providerPayoutReference) {
        PayoutProgress[] progress = {PayoutProgress.unknown()};
        http.lookup(http.request("v1/payouts/" + providerPayoutReference).GET().build(), (status, answer) -> {
            if (status == 200) {
                progress[0] = switch (answer.path("status").asString("")) {
                    case "paid" -> new PayoutProgress(PayoutProgress.Stage.PAID, null);
                    case "failed" -> new PayoutProgress(PayoutProgress.Stage.FAILED, answer.path("failure_code").asString("payout_failed"));
                    case "in_transit" -> new PayoutProgress(PayoutProgress.Stage.IN_TRANSIT, null);
                    default -> PayoutProgress.unknown();
                };
            }
            return new ProviderResult.OutcomeUnknown("progress read");
        });
        return progress[0];
    }

    /** POSTs with the operation's key; the answer is applied only if its {@code field} names {@code asked}. */
    private ProviderResult post(String path, String operationKey, Map<String, Object> body, String field, String asked) {
        HttpRequest request = http.request(path)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", operationKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(http.toJson(body)))
                .build();
        return http.send(request, (status, answer) ->
                AnswerCheck.about(interpret(status, answer), name, field, asked, answer));
    }

    private ProviderResult interpret(int status, JsonNode body) {
        if (status == 200) {
            String id = body.path("id").asString(null);
            return switch (body.path("status").asString("")) {
                case "requires_action" -> new ProviderResult.RequiresAction(id,
                        body.path("next_action").path("redirect_to_url").path("url").asString(null));
                default -> new ProviderResult.Succeeded(id, "captured".equals(body.path("status").asString("")),
                        AuthenticationResults.nativeShape(body.get("three_d_secure")),
                        body.path("network_transaction_id").asString(null));
            };
        }
        if (status >= 500 || status == 429) {
            return ProviderHttp.unprocessedOrUnknown(status);
        }
        JsonNode error = body.path("error");
        String code = error.path("decline_code").asString(error.path("code").asString("provider_refused"));
        // the simulator speaks Payrail's decline codes; an error code of its own reads as a refused request
        String payrailCode = FailureMessages.known(code) ? code : "provider_refused";
        return new ProviderResult.Declined(payrailCode, error.path("message").asString("The provider refused the request."),
                error.path("authorization").asString(null), code, AuthenticationResults.nativeShape(error.get("three_d_secure")));
    }
}
