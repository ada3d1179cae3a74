package dev.payrail.server.providers;

import dev.payrail.core.cards.CardDetails;
import dev.payrail.core.cards.CardToken;
import dev.payrail.core.money.Money;
import dev.payrail.server.vault.CardVault;
import dev.payrail.core.providers.CustomerAuthentication;
import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.DeclineCodes;
import dev.payrail.core.providers.PaymentProvider;
import dev.payrail.core.providers.PayoutProgress;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.core.providers.StoredCredential;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Stripe's PaymentIntents API (version 2020-08-27): form-encoded bodies with bracket notation, the
 * Idempotency-Key and Stripe-Version headers, Stripe's error object mapped to Payrail's results.
 * Unknown outcomes are looked up by the operation key kept in the intent's and refund's metadata.
 */
final class StripeProvider implements PaymentProvider {
    static final String API_VERSION = "2020-08-27";
    /** The first version whose PaymentIntent names its {@code latest_charge} instead of listing {@code charges}. */
    static final String LATEST_CHARGE_VERSION = "2022-11-15";
    static final java.util.List<String> VERSIONS = java.util.List.of(API_VERSION, LATEST_CHARGE_VERSION);

    private final String name;
    private final ProviderHttp http;
    private final CardVault vault;
    private final String secretKey;
    private final String apiVersion;
    private final boolean latestCharge;

    StripeProvider(String name, CardVault vault, ProviderHttp http, String secretKey) {
        this(name, vault, http, secretKey, API_VERSION);
    }

    /**
     * The adapter speaking {@code apiVersion}: from 2022-11-15 every request whose answer it reads for the charge's
     * 3-D Secure result and network transaction id expands the intent's {@code latest_charge}.
     */
    StripeProvider(String name, CardVault vault, ProviderHttp http, String secretKey, String apiVersion) {
        if (!VERSIONS.contains(apiVersion)) {
            throw new IllegalArgumentException("the Stripe adapter speaks " + VERSIONS + ", not " + apiVersion);
        }
        this.name = name;
        this.http = http;
        this.vault = vault;
        this.secretKey = secretKey;
        this.apiVersion = apiVersion;
        this.latestCharge = apiVersion.compareTo(LATEST_CHARGE_VERSION) >= 0;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String apiVersion() {
        return apiVersion;
    }

    @Override
    public ProviderResult authorize(String operationKey, String paymentId, Money amount, CardToken token, boolean capture,
                                    CustomerAuthentication authentication, StoredCredential credential) {
        CardDetails card = vault.open(token, paymentId, name);   // in process, audited, only to build this request
        Map<String, String> method = new LinkedHashMap<>();
        method.put("type", "card");
        method.put("card[number]", card.number().digits());
        method.put("card[exp_month]", Integer.toString(card.expMonth()));
        method.put("card[exp_year]", Integer.toString(card.expYear()));
        if (card.cvc() != null) {
            method.put("card[cvc]", card.cvc());
        }
        // Creating a PaymentMethod moves no money: if its answer is lost, nothing was charged.
        ProviderResult saved = post("v1/payment_methods", operationKey + "-pm", method, this::interpret);
        if (!(saved instanceof ProviderResult.Succeeded savedCard)) {
            return saved instanceof ProviderResult.OutcomeUnknown unknown
                    ? new ProviderResult.NotReceived("payment method not saved: " + unknown.reason()) : saved;
        }
        Map<String, String> intent = new LinkedHashMap<>();
        intent.put("amount", Long.toString(amount.minorUnits()));
        intent.put("currency", amount.currency().wireName());
        intent.put("payment_method", savedCard.providerReference());
        intent.put("confirm", "true");
        intent.put("capture_method", capture ? "automatic" : "manual");
        intent.put("metadata[payrail_payment]", paymentId);
        intent.put("metadata[payrail_operation]", operationKey);
        intent.put("payment_method_options[card][request_three_d_secure]", authentication.request());
        intent.put("return_url", authentication.returnUrl());
        storedCredential(credential, intent);
        return confirmIntent(operationKey, paymentId, intent);
    }

    /**
     * Stripe's stored-credential fields: {@code setup_future_usage} marks the first payment of a series;
     * {@code off_session} a merchant-initiated one, which cites the first payment's network transaction id in
     * {@code payment_method_options[card][mit_exemption]} (the card is Payrail's, not saved at Stripe, so Stripe cannot
     * find the series itself).
     */
    private static void storedCredential(StoredCredential credential, Map<String, String> intent) {
        switch (credential.use()) {
            case FIRST_ON_SESSION -> intent.put("setup_future_usage", "on_session");
            case FIRST_OFF_SESSION -> intent.put("setup_future_usage", "off_session");
            case UNSCHEDULED, RECURRING -> {
                intent.put("off_session", credential.use() == StoredCredential.Use.RECURRING ? "recurring" : "one_off");
                intent.put("payment_method_options[card][mit_exemption][network_transaction_id]",
                        credential.networkTransactionId());
            }
            default -> {
            }
        }
    }

    /** iDEAL, Stripe's bank redirect: a PaymentIntent confirmed with the customer's bank as its payment method. */
    @Override
    public boolean takesBankRedirects() {
        return true;
    }

    @Override
    public ProviderResult authorizeBankRedirect(String operationKey, String paymentId, Money amount, String bank,
                                                String returnUrl) {
        Map<String, String> intent = new LinkedHashMap<>();
        intent.put("amount", Long.toString(amount.minorUnits()));
        intent.put("currency", amount.currency().wireName());
        intent.put("payment_method_types[0]", "ideal");
        intent.put("payment_method_data[type]", "ideal");
        intent.put("payment_method_data[ideal][bank]", bank);
        intent.put("confirm", "true");
        intent.put("metadata[payrail_payment]", paymentId);
        intent.put("metadata[payrail_operation]", operationKey);
        intent.put("return_url", returnUrl);
        return confirmIntent(operationKey, paymentId, intent);
    }

    /** SEPA Direct Debit, Stripe's bank debit: a PaymentIntent confirmed with the account and the mandate's acceptance. */
    @Override
    public boolean takesBankDebits() {
        return true;
    }

    /**
     * The account's IBAN and holder go in {@code payment_method_data}; the mandate is Payrail's, accepted outside
     * Stripe, so it is sent as an offline acceptance with the time it was signed. Stripe answers {@code processing}
     * (Pending) and tells the outcome by webhook days later.
     */
    @Override
    public ProviderResult debit(String operationKey, String paymentId, Money amount, CardToken token,
                                dev.payrail.core.providers.DebitMandate mandate) {
        dev.payrail.server.vault.BankAccount account = vault.openBankAccount(token, paymentId, name);
        Map<String, String> intent = new LinkedHashMap<>();
        intent.put("amount", Long.toString(amount.minorUnits()));
        intent.put("currency", amount.currency().wireName());
        intent.put("payment_method_types[0]", "sepa_debit");
        intent.put("payment_method_data[type]", "sepa_debit");
        intent.put("payment_method_data[sepa_debit][iban]", account.iban().value());
        intent.put("payment_method_data[billing_details][name]", account.holderName() == null ? "" : account.holderName());
        intent.put("mandate_data[customer_acceptance][type]", "offline");
        intent.put("mandate_data[customer_acceptance][accepted_at]", Long.toString(mandate.signedAt().getEpochSecond()));
        intent.put("confirm", "true");
        intent.put("metadata[payrail_payment]", paymentId);
        intent.put("metadata[payrail_operation]", operationKey);
        intent.put("metadata[payrail_mandate]", mandate.reference());
        return confirmIntent(operationKey, paymentId, intent);
    }

    /** Creates and confirms the PaymentIntent; an answer about another payment is an unknown outcome (AnswerCheck). */
    private ProviderResult confirmIntent(String operationKey, String paymentId, Map<String, String> intent) {
        if (latestCharge) {
            intent.put("expand[]", "latest_charge");
        }
        return post("v1/payment_intents", operationKey, intent, (status, body) -> status == 200
                ? AnswerCheck.about(authorizationOf(body), name, "metadata.payrail_payment", paymentId,
                        body.path("metadata").path("payrail_payment").asString(null))
                : declinedIntent(status, body));
    }

    /** A 402 of a confirmation carries the intent: a failed authentication keeps what it established. */
    private ProviderResult declinedIntent(int status, JsonNode body) {
        JsonNode intent = body.path("error").path("payment_intent");
        return status == 402 && intent.isObject() ? authorizationOf(intent) : interpret(status, body);
    }

    @Override
    public ProviderResult capture(String operationKey, String providerReference, Money amount) {
        return post("v1/payment_intents/" + providerReference + "/capture", operationKey,
                Map.of("amount_to_capture", Long.toString(amount.minorUnits())), aboutIntent(providerReference));
    }

    @Override
    public ProviderResult cancel(String operationKey, String providerReference) {
        return post("v1/payment_intents/" + providerReference + "/cancel", operationKey, Map.of(), aboutIntent(providerReference));
    }

    @Override
    public ProviderResult refund(String operationKey, String providerReference, Money amount) {
        Map<String, String> refund = new LinkedHashMap<>();
        refund.put("payment_intent", providerReference);
        refund.put("amount", Long.toString(amount.minorUnits()));
        refund.put("metadata[payrail_operation]", operationKey);
        return post("v1/refunds", operationKey, refund, (status, body) ->
                AnswerCheck.about(interpret(status, body), name, "payment_intent", providerReference, body));
    }

    @Override
    public ProviderResult lookup(String operationKey, OperationKind kind, String providerReference) {
        return switch (kind) {
            case AUTHORIZE -> get("v1/payment_intents/search?query="
                    + encode("metadata['payrail_operation']:'" + operationKey + "'")
                    + (latestCharge ? "&expand%5B%5D=data.latest_charge" : ""), (status, body) -> {
                if (status != 200) {
                    return ProviderHttp.unprocessedOrUnknown(status);
                }
                JsonNode found = body.path("data");
                return found.isEmpty() ? new ProviderResult.NotReceived("no PaymentIntent carries this operation")
                        : authorizationOf(found.get(0));
            });
            case CAPTURE, CANCEL -> get("v1/payment_intents/" + providerReference, (status, body) -> {
                if (status != 200) {
                    return ProviderHttp.unprocessedOrUnknown(status);
                }
                String intentStatus = body.path("status").asString("");
                String done = kind == OperationKind.CAPTURE ? "succeeded" : "canceled";
                if (done.equals(intentStatus)) {
                    return AnswerCheck.about(new ProviderResult.Succeeded(providerReference, kind == OperationKind.CAPTURE),
                            name, "id", providerReference, body);
                }
                return "requires_capture".equals(intentStatus)
                        ? new ProviderResult.NotReceived("the intent is still requires_capture")
                        : new ProviderResult.Declined("invalid_state", "intent is " + intentStatus, providerReference,
                                "payment_intent_unexpected_state");
            });
            case REFUND -> get("v1/refunds?payment_intent=" + encode(providerReference), (status, body) -> {
                if (status != 200) {
                    return ProviderHttp.unprocessedOrUnknown(status);
                }
                for (JsonNode refund : body.path("data")) {
                    if (operationKey.equals(refund.path("metadata").path("payrail_operation").asString(null))) {
                        return "succeeded".equals(refund.path("status").asString(""))
                                ? AnswerCheck.about(new ProviderResult.Succeeded(refund.path("id").asString(), false), name,
                                        "payment_intent", providerReference, refund)
                                : new ProviderResult.OutcomeUnknown("refund is " + refund.path("status").asString());
                    }
                }
                return new ProviderResult.NotReceived("no refund carries this operation");
            });
            // Stripe cannot search payouts: the recent ones are listed and matched on Payrail's metadata
            case PAYOUT -> get("v1/payouts?limit=100", (status, body) -> {
                if (status != 200) {
                    return ProviderHttp.unprocessedOrUnknown(status);
                }
                for (JsonNode payout : body.path("data")) {
                    if (operationKey.equals(payout.path("metadata").path("payrail_payout").asString(null))) {
                        return new ProviderResult.Succeeded(payout.path("id").asString(), false);
                    }
                }
                return new ProviderResult.NotReceived("no payout carries this operation");
            });
        };
    }

    /** POST /v1/payouts to the bank account {@code destination}; Payrail's key is kept in the metadata for lookups. */
    @Override
    public ProviderResult payout(String operationKey, Money amount, String destination) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("amount", Long.toString(amount.minorUnits()));
        form.put("currency", amount.currency().wireName());
        form.put("destination", destination);
        form.put("method", "standard");
        form.put("metadata[payrail_payout]", operationKey);
        return post("v1/payouts", operationKey, form, (status, body) -> {
            ProviderResult result = interpret(status, body);
            // a payout Stripe accepted is on its way, whatever interpret makes of its status
            return result instanceof ProviderResult.Succeeded ok ? new ProviderResult.Succeeded(ok.providerReference(), false) : result;
        });
    }

    @Override
    public PayoutProgress payoutProgress(String providerPayoutReference) {
        PayoutProgress[] progress = {PayoutProgress.unknown()};
        get("v1/payouts/" + providerPayoutReference, (status, body) -> {
            if (status == 200) {
                progress[0] = switch (body.path("status").asString("")) {
                    case "paid" -> new PayoutProgress(PayoutProgress.Stage.PAID, null);
                    case "failed", "canceled" -> new PayoutProgress(PayoutProgress.Stage.FAILED,
                            body.path("failure_code").asString("payout_" + body.path("status").asString()));
                    case "pending", "in_transit" -> new PayoutProgress(PayoutProgress.Stage.IN_TRANSIT, null);
                    default -> PayoutProgress.unknown();
                };
            }
            return new ProviderResult.OutcomeUnknown("progress read");
        });
        return progress[0];
    }

    private ProviderResult post(String path, String idempotencyKey, Map<String, String> form,
                                ProviderHttp.Interpretation interpretation) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(encode(k) + "=" + encode(v)));
        HttpRequest request = authorized(http.request(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return http.send(request, interpretation);
    }

    /** The GETs of status lookups. */
    private ProviderResult get(String pathAndQuery, ProviderHttp.Interpretation interpretation) {
        return http.lookup(authorized(http.request(pathAndQuery)).GET().build(), interpretation);
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + secretKey).header("Stripe-Version", apiVersion);
    }

    /** An answer about the intent {@code id}: a capture's or a cancel's. */
    private ProviderHttp.Interpretation aboutIntent(String id) {
        return (status, body) -> AnswerCheck.about(interpret(status, body), name, "id", id,
                status == 200 ? body.path("id").asString(null) : body.path("error").path("payment_intent").path("id").asString(null));
    }

    /** Any answer but an authorization's: 200 is done; Stripe's error object says why not. */
    private ProviderResult interpret(int status, JsonNode body) {
        if (status == 200) {
            return new ProviderResult.Succeeded(body.path("id").asString(null), "succeeded".equals(body.path("status").asString("")));
        }
        if (status >= 500 || status == 429) {
            return ProviderHttp.unprocessedOrUnknown(status);
        }
        JsonNode error = body.path("error");
        String stripeCode = error.path("decline_code").asString(error.path("code").asString(error.path("type").asString("invalid_request_error")));
        return new ProviderResult.Declined(StripeCodes.payrail(stripeCode), error.path("message").asString("Stripe refused the request."),
                error.path("payment_intent").path("id").asString(null), stripeCode);
    }

    private static ProviderResult authorizationOf(JsonNode intent) {
        String id = intent.path("id").asString(null);
        JsonNode error = intent.path("last_payment_error");
        return switch (intent.path("status").asString("")) {
            case "succeeded" -> new ProviderResult.Succeeded(id, true, AuthenticationResults.stripe(intent), NetworkTransactionIds.stripe(intent));
            case "requires_capture" -> new ProviderResult.Succeeded(id, false, AuthenticationResults.stripe(intent),
                    NetworkTransactionIds.stripe(intent));
            case "requires_action" -> new ProviderResult.RequiresAction(id,
                    intent.path("next_action").path("redirect_to_url").path("url").asString(null));
            // approved at the customer's bank, which has not settled it yet (iDEAL): Stripe's webhook tells
            case "processing" -> new ProviderResult.Pending(id);
            case "requires_payment_method" -> {
                String stripeCode = error.path("code").asString("");
                yield switch (StripeCodes.payrail(stripeCode)) {
                    case DeclineCodes.BANK_DECLINED -> new ProviderResult.Declined(DeclineCodes.BANK_DECLINED,
                            error.path("message").asString("The bank declined."), id, stripeCode);
                    case DeclineCodes.AUTHENTICATION_FAILED -> new ProviderResult.Declined(DeclineCodes.AUTHENTICATION_FAILED,
                            error.path("message").asString("The card failed authentication."), id, stripeCode,
                            AuthenticationResults.stripe(intent));
                    default -> new ProviderResult.Declined(error.path("decline_code").asString("generic_decline"),
                            error.path("message").asString("Your card was declined."), id,
                            error.path("decline_code").asString("card_declined"), AuthenticationResults.stripe(intent));
                };
            }
            case "canceled" -> new ProviderResult.Declined("canceled", "The PaymentIntent was canceled.", id);
            default -> new ProviderResult.OutcomeUnknown("intent is " + intent.path("status").asString());
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
