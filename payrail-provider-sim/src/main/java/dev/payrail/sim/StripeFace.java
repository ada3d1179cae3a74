package dev.payrail.sim;

import dev.payrail.core.cards.CardNumber;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Stripe-shaped face: PaymentMethods, PaymentIntents (create with confirm, capture, cancel, retrieve,
 * search by metadata) and Refunds, with form-encoded bodies, Stripe's object and error shapes and status
 * codes (402 card errors, 400 invalid requests, 429, 500).
 */
final class StripeFace {
    private static final Pattern INTENT = Pattern.compile("^/v1/payment_intents/(pi_[A-Za-z0-9_]+)(/capture|/cancel)?$");
    private static final Pattern SEARCH_OPERATION = Pattern.compile("metadata\\['payrail_operation'\\]:'([^']+)'");

    /** A card saved by POST /v1/payment_methods. */
    private record SavedCard(String id, CardProfile card, int expMonth, int expYear, long created) {
    }

    /** A PaymentIntent and the authorization behind it. */
    private static final class Intent {
        final String id;
        final long amount;
        final String currency;
        final String captureMethod;
        final Map<String, Object> metadata;
        final String paymentMethod;
        final long created;
        Authorization authorization;
        String status = "requires_confirmation";
        String cancellationReason;
        Map<String, Object> lastPaymentError;
        /** Where the customer goes back after a 3-D Secure challenge or their bank (Stripe's return_url). */
        String returnUrl;
        /** card, or ideal (a bank redirect); for ideal, the customer's bank. */
        String methodType = "card";
        String bank;
        /** When the payer's bank took a collected debit back, or null. */
        Long returnedMillis;

        Intent(String id, long amount, String currency, String captureMethod, Map<String, Object> metadata,
               String paymentMethod, long created) {
            this.id = id;
            this.amount = amount;
            this.currency = currency;
            this.captureMethod = captureMethod;
            this.metadata = metadata;
            this.paymentMethod = paymentMethod;
            this.created = created;
        }

        Map<String, Object> toRecord() {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("id", id);
            record.put("amount", amount);
            record.put("currency", currency);
            record.put("capture_method", captureMethod);
            record.put("metadata", metadata);
            record.put("payment_method", paymentMethod);
            record.put("created", created);
            record.put("authorization", authorization == null ? null : authorization.id);
            record.put("status", status);
            record.put("cancellation_reason", cancellationReason);
            record.put("last_payment_error", lastPaymentError);
            record.put("return_url", returnUrl);
            record.put("method_type", methodType);
            record.put("bank", bank);
            record.put("returned_millis", returnedMillis);
            return record;
        }

        @SuppressWarnings("unchecked")
        static Intent fromRecord(Map<String, Object> record, Acquirer acquirer) {
            Intent intent = new Intent((String) record.get("id"), ((Number) record.get("amount")).longValue(),
                    (String) record.get("currency"), (String) record.get("capture_method"),
                    new LinkedHashMap<>((Map<String, Object>) record.get("metadata")), (String) record.get("payment_method"),
                    ((Number) record.get("created")).longValue());
            intent.authorization = record.get("authorization") == null ? null
                    : acquirer.authorization((String) record.get("authorization")).orElseThrow();
            intent.status = (String) record.get("status");
            intent.cancellationReason = (String) record.get("cancellation_reason");
            intent.lastPaymentError = (Map<String, Object>) record.get("last_payment_error");
            intent.returnUrl = (String) record.get("return_url");
            intent.methodType = record.get("method_type") instanceof String type ? type : "card";
            intent.bank = (String) record.get("bank");
            intent.returnedMillis = record.get("returned_millis") instanceof Number n ? n.longValue() : null;
            return intent;
        }
    }

    /** One settled movement of this face, for its settlement reports. */
    record Settled(String balanceTransaction, String category, String source, String paymentIntent, long gross, String currency,
                   long createdMillis) {
    }

    /** Captured intents and succeeded refunds, oldest first. */
    List<Settled> settled() {
        List<Settled> lines = new java.util.ArrayList<>();
        intents.values().stream().filter(i -> i.authorization != null && i.authorization.capturedAmount > 0)
                .sorted(java.util.Comparator.comparing((Intent i) -> i.created).thenComparing(i -> i.id))
                .forEach(i -> lines.add(new Settled("txn_" + i.id, "charge", "ch_" + i.id.substring(3), i.id,
                        i.authorization.capturedAmount, i.currency, i.authorization.createdMillis)));
        // a bank debit the payer's bank took back: Stripe reports it as a dispute of the charge, money out
        intents.values().stream().filter(i -> i.returnedMillis != null)
                .sorted(java.util.Comparator.comparing((Intent i) -> i.created).thenComparing(i -> i.id))
                .forEach(i -> lines.add(new Settled("txn_du_" + i.id.substring(3), "dispute", "du_" + i.id.substring(3), i.id,
                        -i.authorization.capturedAmount, i.currency, i.authorization.createdMillis)));
        refunds.values().stream().filter(r -> "succeeded".equals(r.get("status")))
                .sorted(java.util.Comparator.comparing(r -> (String) r.get("id")))
                .forEach(r -> lines.add(new Settled("txn_" + r.get("id"), "refund", (String) r.get("id"),
                        (String) r.get("payment_intent"), -((Number) r.get("amount")).longValue(), (String) r.get("currency"),
                        intents.get((String) r.get("payment_intent")).authorization.createdMillis))); // dated by their payment
        return lines;
    }

    private final Acquirer acquirer;
    private final SimNotifier notifier;
    private final Map<String, SavedCard> cards = new ConcurrentHashMap<>();
    private final Map<String, Intent> intents = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> refunds = new ConcurrentHashMap<>();

    private static final String CARD = "stripe_payment_method";
    private static final String INTENT_RECORD = "stripe_payment_intent";
    private static final String REFUND = "stripe_refund";

    StripeFace(Acquirer acquirer, SimNotifier notifier) {
        this.acquirer = acquirer;
        this.notifier = notifier;
        SimJournal journal = acquirer.journal();
        journal.loaded(CARD, SavedCard.class).forEach(card -> cards.put(card.id(), card));
        journal.loaded(INTENT_RECORD).forEach(r -> intents.put((String) r.get("id"), Intent.fromRecord(r, acquirer)));
        journal.loaded(REFUND).forEach(r -> {
            Map<String, Object> refund = new LinkedHashMap<>(r);
            refund.remove("kind");
            refunds.put((String) refund.get("id"), refund);
        acquirer.journal().write(REFUND, refund);
        });
    }

    private void remember(Intent intent) {
        intents.put(intent.id, intent);
        acquirer.journal().write(INTENT_RECORD, intent.toRecord());
    }

    static boolean handles(String path) {
        return path.startsWith("/v1/payment_intents") || path.startsWith("/v1/payment_methods")
                || path.startsWith("/v1/refunds");
    }

    SimResponse post(String path, String key, String body) {
        Map<String, Object> form = FormBody.parse(body);
        if ("/v1/payment_methods".equals(path)) {
            return acquirer.keyed("stripe", key, "payment_method", () -> createPaymentMethod(form));
        }
        if ("/v1/payment_intents".equals(path)) {
            return acquirer.keyed("stripe", key, "payment_intent", () -> createIntent(form));
        }
        if ("/v1/refunds".equals(path)) {
            return acquirer.keyed("stripe", key, "refund", () -> createRefund(form));
        }
        Matcher m = INTENT.matcher(path);
        if (m.matches() && m.group(2) != null) {
            Intent intent = intents.get(m.group(1));
            if (intent == null) {
                return missing("payment_intent", m.group(1));
            }
            return "/capture".equals(m.group(2))
                    ? acquirer.keyed("stripe", key, "capture", () -> capture(intent, form))
                    : acquirer.keyed("stripe", key, "cancel", () -> cancel(intent, form));
        }
        return error(404, "invalid_request_error", "resource_missing", "Unrecognized request URL (POST: " + path + ")", null);
    }

    SimResponse get(String path, String query) {
        Map<String, String> params = query(query);
        if ("/v1/payment_intents/search".equals(path)) {
            Matcher op = SEARCH_OPERATION.matcher(params.getOrDefault("query", ""));
            if (!op.find()) {
                return error(400, "invalid_request_error", "parameter_invalid", "Unsupported search query.", "query");
            }
            List<Map<String, Object>> found = intents.values().stream()
                    .filter(i -> op.group(1).equals(i.metadata.get("payrail_operation")))
                    .map(this::intentJson).toList();
            return SimResponse.ok(list("search_result", "/v1/payment_intents/search", found));
        }
        if ("/v1/refunds".equals(path)) {
            String intent = params.get("payment_intent");
            List<Map<String, Object>> found = refunds.values().stream()
                    .filter(r -> intent == null || intent.equals(r.get("payment_intent"))).toList();
            return SimResponse.ok(list("list", "/v1/refunds", found));
        }
        Matcher m = INTENT.matcher(path);
        if (m.matches() && m.group(2) == null) {
            Intent intent = intents.get(m.group(1));
            return intent == null ? missing("payment_intent", m.group(1)) : SimResponse.ok(intentJson(intent));
        }
        return error(404, "invalid_request_error", "resource_missing", "Unrecognized request URL (GET: " + path + ")", null);
    }

    private SimResponse createPaymentMethod(Map<String, Object> form) {
        if (!"card".equals(form.get("type")) || !(form.get("card") instanceof Map<?, ?> card)) {
            return error(400, "invalid_request_error", "parameter_missing", "Missing required param: card.", "card");
        }
        Optional<CardNumber> number = CardNumber.parse(String.valueOf(card.get("number")));
        if (number.isEmpty()) {
            return error(402, "card_error", "incorrect_number", "Your card number is incorrect.", "number");
        }
        SavedCard saved = new SavedCard(acquirer.nextId("pm"), CardProfile.of(number.get()), parseInt(card.get("exp_month")),
                parseInt(card.get("exp_year")), Instant.now().getEpochSecond());
        cards.put(saved.id(), saved);
        acquirer.journal().write(CARD, saved);
        Map<String, Object> cardJson = new LinkedHashMap<>();
        cardJson.put("brand", saved.card().brand());
        cardJson.put("country", "US");
        cardJson.put("exp_month", saved.expMonth());
        cardJson.put("exp_year", saved.expYear());
        cardJson.put("funding", "credit");
        cardJson.put("last4", saved.card().last4());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", saved.id());
        json.put("object", "payment_method");
        json.put("billing_details", emptyBillingDetails());
        json.put("card", cardJson);
        json.put("created", saved.created());
        json.put("customer", null);
        json.put("livemode", false);
        json.put("metadata", Map.of());
        json.put("type", "card");
        return SimResponse.ok(json);
    }

    @SuppressWarnings("unchecked")
    private SimResponse createIntent(Map<String, Object> form) {
        Long amount = parseLong(form.get("amount"));
        Object currency = form.get("currency");
        if (amount == null || amount <= 0 || !(currency instanceof String c) || !c.matches("[a-z]{3}")) {
            return error(400, "invalid_request_error", "parameter_invalid_integer", "Invalid amount or currency.", "amount");
        }
        if (form.get("payment_method_data") instanceof Map<?, ?> data && "sepa_debit".equals(data.get("type"))) {
            return createDebitIntent(form, amount, c, data);
        }
        if (form.get("payment_method_data") instanceof Map<?, ?> data && "ideal".equals(data.get("type"))) {
            return createIdealIntent(form, amount, c, data.get("ideal") instanceof Map<?, ?> ideal ? ideal.get("bank") : null);
        }
        SavedCard card = cards.get(String.valueOf(form.get("payment_method")));
        if (card == null) {
            return error(400, "invalid_request_error", "resource_missing",
                    "No such PaymentMethod: '" + form.get("payment_method") + "'", "payment_method");
        }
        String captureMethod = String.valueOf(form.getOrDefault("capture_method", "automatic"));
        Map<String, Object> metadata = form.get("metadata") instanceof Map<?, ?> m
                ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
        Intent intent = new Intent(acquirer.nextId("pi"), amount, c, captureMethod, metadata, card.id(),
                Instant.now().getEpochSecond());
        if (!"true".equals(form.get("confirm"))) {
            remember(intent);
            return SimResponse.ok(intentJson(intent));
        }
        intent.returnUrl = form.get("return_url") instanceof String url ? url : null;
        String wish = form.get("payment_method_options") instanceof Map<?, ?> options && options.get("card") instanceof Map<?, ?> cardOptions
                && cardOptions.get("request_three_d_secure") instanceof String w ? w : null;
        Acquirer.Attempt attempt = acquirer.attempt(String.valueOf(metadata.getOrDefault("payrail_payment", intent.id)),
                amount, c, card.card(), card.expMonth(), card.expYear(), "automatic".equals(captureMethod),
                new Acquirer.Authenticating(wish, "stripe", intent.returnUrl, (auth, challenge) -> challengeAnswered(intent)),
                credential(form));
        if (attempt.serverError()) {
            return error(500, "api_error", null, "An unknown error occurred while processing your request.", null);
        }
        intent.authorization = attempt.authorization();
        decided(intent);
        remember(intent);
        if ("requires_payment_method".equals(intent.status)) {
            Map<String, Object> body = new LinkedHashMap<>(intent.lastPaymentError);
            body.put("payment_intent", intentJson(intent));
            return new SimResponse(402, Map.of("error", body), Duration.ZERO);
        }
        return SimResponse.ok(intentJson(intent)).delayedBy(attempt.delay());
    }

    /**
     * Stripe's stored-credential fields: {@code off_session} ({@code true}, {@code one_off} or {@code recurring}) is a
     * merchant-initiated payment, citing {@code payment_method_options[card][mit_exemption][network_transaction_id]};
     * {@code setup_future_usage} stores the card, the first of a series.
     */
    private static SimNetwork.Credential credential(Map<String, Object> form) {
        boolean merchantInitiated = java.util.Set.of("true", "one_off", "recurring").contains(String.valueOf(form.get("off_session")));
        String cited = form.get("payment_method_options") instanceof Map<?, ?> options
                && options.get("card") instanceof Map<?, ?> card && card.get("mit_exemption") instanceof Map<?, ?> exemption
                && exemption.get("network_transaction_id") instanceof String id ? id : null;
        boolean first = java.util.Set.of("on_session", "off_session").contains(String.valueOf(form.get("setup_future_usage")));
        return new SimNetwork.Credential(merchantInitiated, first && !merchantInitiated, cited);
    }

    /**
     * iDEAL as Stripe's PaymentIntents take it: euros only, confirmed at once with the customer's bank; requires_action
     * (the bank's page), then processing once the customer approved, succeeded when the bank settled.
     */
    @SuppressWarnings("unchecked")
    private SimResponse createIdealIntent(Map<String, Object> form, long amount, String currency, Object bank) {
        if (!"eur".equals(currency)) {
            return error(400, "invalid_request_error", "payment_intent_invalid_parameter", "The currency provided (" + currency
                    + ") is invalid. Payments with ideal support the following currencies: eur.", "currency");
        }
        if (!(bank instanceof String bankId) || bankId.isBlank()) {
            return error(400, "invalid_request_error", "parameter_missing", "Missing required param: payment_method_data[ideal][bank].",
                    "payment_method_data[ideal][bank]");
        }
        if (!"true".equals(form.get("confirm")) || !(form.get("return_url") instanceof String returnUrl)) {
            return error(400, "invalid_request_error", "parameter_missing", "An ideal PaymentIntent is confirmed at once with a return_url.",
                    "return_url");
        }
        Map<String, Object> metadata = form.get("metadata") instanceof Map<?, ?> m
                ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
        Intent intent = new Intent(acquirer.nextId("pi"), amount, currency, "automatic", metadata, acquirer.nextId("pm"),
                Instant.now().getEpochSecond());
        intent.methodType = "ideal";
        intent.bank = bankId;
        intent.returnUrl = returnUrl;
        intent.authorization = acquirer.bankRedirect(String.valueOf(metadata.getOrDefault("payrail_payment", intent.id)), amount,
                currency, bankId, new SimBank.Decided() {
                    @Override
                    public String answered(Authorization auth, boolean approved) {
                        decided(intent);
                        remember(intent);
                        notifier.stripeEvent(approved ? "payment_intent.processing" : "payment_intent.payment_failed",
                                intentJson(intent));
                        String back = SimAcs.withParam(intent.returnUrl, "payment_intent", intent.id);
                        return SimAcs.withParam(back, "redirect_status", approved ? "processing" : "failed");
                    }

                    @Override
                    public void settled(Authorization auth) {
                        decided(intent);
                        remember(intent);
                        notifier.stripeEvent("payment_intent.succeeded", intentJson(intent));
                    }
                });
        decided(intent);
        remember(intent);
        return SimResponse.ok(intentJson(intent));
    }

    /**
     * SEPA Direct Debit as Stripe's PaymentIntents take it: euros, the account's IBAN and holder, and the mandate's
     * acceptance; processing at once, succeeded or failed (by webhook) when the payer's bank decides, and a dispute that
     * cannot be answered when the bank takes a collected debit back. The IBAN is read, never kept: the intent keeps its
     * last four characters.
     */
    @SuppressWarnings("unchecked")
    private SimResponse createDebitIntent(Map<String, Object> form, long amount, String currency, Map<?, ?> data) {
        if (!"eur".equals(currency)) {
            return error(400, "invalid_request_error", "payment_intent_invalid_parameter", "The currency provided (" + currency
                    + ") is invalid. Payments with sepa_debit support the following currencies: eur.", "currency");
        }
        java.util.Optional<dev.payrail.core.banks.Iban> iban = data.get("sepa_debit") instanceof Map<?, ?> account
                ? dev.payrail.core.banks.Iban.parse(String.valueOf(account.get("iban"))) : java.util.Optional.empty();
        if (iban.isEmpty()) {
            return error(400, "invalid_request_error", "invalid_bank_account_iban", "The IBAN you provided is invalid.",
                    "payment_method_data[sepa_debit][iban]");
        }
        if (!(data.get("billing_details") instanceof Map<?, ?> billing) || String.valueOf(billing.get("name")).isBlank()
                || !(form.get("mandate_data") instanceof Map<?, ?> mandate) || !(mandate.get("customer_acceptance") instanceof Map<?, ?>)) {
            return error(400, "invalid_request_error", "parameter_missing", "A sepa_debit payment needs the account "
                    + "holder's name and mandate_data[customer_acceptance].", "mandate_data");
        }
        Map<String, Object> metadata = form.get("metadata") instanceof Map<?, ?> m
                ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
        Intent intent = new Intent(acquirer.nextId("pi"), amount, currency, "automatic", metadata, acquirer.nextId("pm"),
                Instant.now().getEpochSecond());
        intent.methodType = "sepa_debit";
        intent.bank = iban.get().last4();
        intent.authorization = acquirer.debits().debit(String.valueOf(metadata.getOrDefault("payrail_payment", intent.id)),
                amount, currency, iban.get().last4(), new SimDebits.Decided() {
                    @Override
                    public void collected(Authorization auth, boolean refused) {
                        decided(intent);
                        remember(intent);
                        notifier.stripeEvent(refused ? "payment_intent.payment_failed" : "payment_intent.succeeded", intentJson(intent));
                    }

                    @Override
                    public void returned(Authorization auth) {
                        intent.returnedMillis = System.currentTimeMillis();
                        remember(intent);
                        notifier.stripeEvent("charge.dispute.created", debitReturn(intent));
                    }
                });
        decided(intent);
        remember(intent);
        return SimResponse.ok(intentJson(intent));
    }

    /** A collected debit the payer's bank took back, as Stripe tells it: a dispute of the charge, lost at once. */
    private static Map<String, Object> debitReturn(Intent intent) {
        Map<String, Object> dispute = new LinkedHashMap<>();
        dispute.put("id", "du_" + intent.id.substring(3));
        dispute.put("object", "dispute");
        dispute.put("amount", intent.amount);
        dispute.put("charge", "ch_" + intent.id.substring(3));
        dispute.put("currency", intent.currency);
        dispute.put("payment_intent", intent.id);
        dispute.put("reason", "debit_not_authorized");
        dispute.put("status", "lost");
        dispute.put("is_charge_refundable", false);
        dispute.put("evidence_details", Map.of("due_by", 0, "has_evidence", false, "past_due", false, "submission_count", 0));
        dispute.put("metadata", Map.of("payrail_payment", String.valueOf(intent.metadata.getOrDefault("payrail_payment", ""))));
        dispute.put("livemode", false);
        dispute.put("created", Instant.now().getEpochSecond());
        return dispute;
    }

    /** The intent's status as its authorization stands: waiting for the customer, approved, or declined. */
    private static void decided(Intent intent) {
        Authorization auth = intent.authorization;
        switch (auth.status) {
            case "requires_action" -> intent.status = "requires_action";
            case "pending" -> intent.status = "processing";
            case "declined" -> {
                intent.status = "requires_payment_method";
                boolean authentication = "authentication_failed".equals(auth.declineCode);
                if ("sepa_debit".equals(intent.methodType)) {
                    Map<String, Object> debitError = errorObject("invalid_request_error", auth.declineCode,
                            "The customer's bank could not collect the debit.", null);
                    debitError.put("decline_code", auth.declineCode);
                    intent.lastPaymentError = debitError;
                    return;
                }
                if ("bank_declined".equals(auth.declineCode)) {
                    intent.lastPaymentError = errorObject("invalid_request_error", "payment_method_provider_decline",
                            "The customer's bank declined the payment.", null);
                    return;
                }
                Map<String, Object> cardError = authentication
                        ? errorObject("card_error", "payment_intent_authentication_failure",
                                "The provided PaymentMethod has failed authentication.", null)
                        : "authentication_required".equals(auth.declineCode)
                        ? errorObject("card_error", "authentication_required",
                                "Your card was declined. This transaction requires authentication.", null)
                        : errorObject("card_error", "card_declined", "Your card was declined.", null);
                if (!authentication) {
                    cardError.put("decline_code", auth.declineCode);
                }
                intent.lastPaymentError = cardError;
            }
            case "canceled" -> intent.status = "canceled";
            default -> intent.status = "captured".equals(auth.status) ? "succeeded" : "requires_capture";
        }
    }

    /** The customer answered the challenge: the intent follows, Stripe's webhook tells, the browser goes back. */
    private String challengeAnswered(Intent intent) {
        decided(intent);
        remember(intent);
        String type = switch (intent.status) {
            case "succeeded" -> "payment_intent.succeeded";
            case "requires_capture" -> "payment_intent.amount_capturable_updated";
            default -> "payment_intent.payment_failed";
        };
        notifier.stripeEvent(type, intentJson(intent));
        if (intent.returnUrl == null) {
            return null;
        }
        String back = SimAcs.withParam(intent.returnUrl, "payment_intent", intent.id);
        return SimAcs.withParam(back, "redirect_status", "requires_payment_method".equals(intent.status) ? "failed" : "succeeded");
    }

    private SimResponse capture(Intent intent, Map<String, Object> form) {
        Long amount = form.containsKey("amount_to_capture") ? parseLong(form.get("amount_to_capture")) : intent.amount;
        if (intent.authorization == null || amount == null) {
            return unexpectedState(intent);
        }
        String refused = acquirer.capture(intent.authorization, amount);
        if (refused != null) {
            return unexpectedState(intent);
        }
        intent.status = "succeeded";
        remember(intent);
        return SimResponse.ok(intentJson(intent));
    }

    private SimResponse cancel(Intent intent, Map<String, Object> form) {
        // an intent waiting for the customer's authentication is canceled as well: its challenge can no longer charge
        if (intent.authorization == null || acquirer.voidAuthorization(intent.authorization) != null) {
            return unexpectedState(intent);
        }
        intent.status = "canceled";
        intent.cancellationReason = (String) form.get("cancellation_reason");
        remember(intent);
        return SimResponse.ok(intentJson(intent));
    }

    @SuppressWarnings("unchecked")
    private SimResponse createRefund(Map<String, Object> form) {
        Intent intent = intents.get(String.valueOf(form.get("payment_intent")));
        if (intent == null || intent.authorization == null) {
            return missing("payment_intent", String.valueOf(form.get("payment_intent")));
        }
        Long amount = form.containsKey("amount") ? parseLong(form.get("amount"))
                : intent.authorization.capturedAmount - intent.authorization.refundedAmount;
        if (amount == null || acquirer.refund(intent.authorization, amount) != null) {
            return error(400, "invalid_request_error", "amount_too_large",
                    "Refund amount is greater than the unrefunded amount on the charge.", "amount");
        }
        Map<String, Object> refund = new LinkedHashMap<>();
        refund.put("id", acquirer.nextId("re"));
        refund.put("object", "refund");
        refund.put("amount", amount);
        refund.put("created", Instant.now().getEpochSecond());
        refund.put("currency", intent.currency);
        refund.put("metadata", form.get("metadata") instanceof Map<?, ?> m ? m : Map.of());
        refund.put("payment_intent", intent.id);
        if (form.get("reason") != null) {
            refund.put("reason", form.get("reason"));
        }
        refund.put("status", "succeeded");
        refunds.put((String) refund.get("id"), refund);
        acquirer.journal().write(REFUND, refund);
        return SimResponse.ok(refund);
    }

    private Map<String, Object> intentJson(Intent intent) {
        Authorization auth = intent.authorization;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", intent.id);
        json.put("object", "payment_intent");
        json.put("amount", intent.amount);
        json.put("amount_capturable", auth != null && "authorized".equals(auth.status) ? intent.amount : 0);
        json.put("amount_received", auth == null ? 0 : auth.capturedAmount);
        if (intent.cancellationReason != null) {
            json.put("cancellation_reason", intent.cancellationReason);
        }
        json.put("capture_method", intent.captureMethod);
        json.put("confirmation_method", "automatic");
        json.put("created", intent.created);
        json.put("currency", intent.currency);
        if (auth != null && !"requires_action".equals(auth.status) && !"canceled".equals(auth.status)) {
            json.put("charges", list("list", "/v1/charges?payment_intent=" + intent.id, List.of(charge(intent, auth))));
        }
        if (intent.lastPaymentError != null && "requires_payment_method".equals(intent.status)) {
            json.put("last_payment_error", intent.lastPaymentError);
        }
        json.put("livemode", false);
        json.put("metadata", intent.metadata);
        json.put("payment_method", intent.paymentMethod);
        json.put("payment_method_types", List.of(intent.methodType));
        if ("requires_action".equals(intent.status)) {
            Map<String, Object> redirect = new LinkedHashMap<>();
            redirect.put("return_url", intent.returnUrl);
            redirect.put("url", auth.challengeUrl);
            json.put("next_action", Map.of("type", "redirect_to_url", "redirect_to_url", redirect));
        }
        json.put("status", intent.status);
        return json;
    }

    /** The intent's charge, as API version 2020-08-27 lists it: with what its 3-D Secure authentication established. */
    private Map<String, Object> charge(Intent intent, Authorization auth) {
        if ("ideal".equals(intent.methodType)) {
            return idealCharge(intent, auth);
        }
        if ("sepa_debit".equals(intent.methodType)) {
            Map<String, Object> charge = idealCharge(intent, auth);
            Map<String, Object> account = new LinkedHashMap<>();
            account.put("last4", intent.bank);
            account.put("mandate", "mandate_" + intent.id.substring(3));
            charge.put("payment_method_details", Map.of("type", "sepa_debit", "sepa_debit", account));
            return charge;
        }
        SavedCard saved = cards.get(intent.paymentMethod);
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("brand", auth.brand);
        card.put("exp_month", saved == null ? 0 : saved.expMonth());
        card.put("exp_year", saved == null ? 0 : saved.expYear());
        card.put("last4", auth.last4);
        card.put("network_transaction_id", auth.networkTransactionId);
        if (auth.threeDSecure != null) {
            Map<String, Object> secure = new LinkedHashMap<>();
            secure.put("authentication_flow", auth.threeDSecure.get("authentication_flow"));
            secure.put("result", switch (String.valueOf(auth.threeDSecure.get("result"))) {
                case "authenticated" -> "authenticated";
                case "attempted" -> "attempt_acknowledged";
                case "failed", "rejected" -> "failed";
                default -> "not_supported";
            });
            secure.put("result_reason", null);
            secure.put("version", auth.threeDSecure.get("version"));
            card.put("three_d_secure", secure);
        }
        boolean declined = "declined".equals(auth.status);
        Map<String, Object> charge = new LinkedHashMap<>();
        charge.put("id", "ch_" + intent.id.substring(3));
        charge.put("object", "charge");
        charge.put("amount", intent.amount);
        charge.put("amount_captured", auth.capturedAmount);
        charge.put("amount_refunded", auth.refundedAmount);
        charge.put("billing_details", emptyBillingDetails());
        charge.put("captured", auth.capturedAmount > 0);
        charge.put("created", intent.created);
        charge.put("currency", intent.currency);
        charge.put("disputed", false);
        charge.put("livemode", false);
        charge.put("metadata", Map.of());
        charge.put("paid", !declined);
        charge.put("payment_intent", intent.id);
        charge.put("payment_method_details", Map.of("type", "card", "card", card));
        charge.put("refunded", auth.capturedAmount > 0 && auth.refundedAmount == auth.capturedAmount);
        charge.put("refunds", list("list", "/v1/charges/ch_" + intent.id.substring(3) + "/refunds", List.of()));
        charge.put("status", declined ? "failed" : "succeeded");
        return charge;
    }

    /** An iDEAL charge: pending while the bank settles, succeeded once it has. */
    private Map<String, Object> idealCharge(Intent intent, Authorization auth) {
        Map<String, Object> ideal = new LinkedHashMap<>();
        ideal.put("bank", intent.bank);
        ideal.put("bic", null);
        Map<String, Object> charge = new LinkedHashMap<>();
        charge.put("id", "ch_" + intent.id.substring(3));
        charge.put("object", "charge");
        charge.put("amount", intent.amount);
        charge.put("amount_captured", auth.capturedAmount);
        charge.put("amount_refunded", auth.refundedAmount);
        charge.put("captured", auth.capturedAmount > 0);
        charge.put("created", intent.created);
        charge.put("currency", intent.currency);
        charge.put("livemode", false);
        charge.put("paid", "captured".equals(auth.status));
        charge.put("payment_intent", intent.id);
        charge.put("payment_method_details", Map.of("type", "ideal", "ideal", ideal));
        charge.put("status", switch (auth.status) {
            case "pending" -> "pending";
            case "declined" -> "failed";
            default -> "succeeded";
        });
        return charge;
    }

    /** Stripe's billing_details with every field present and empty: the simulator takes no address. */
    private static Map<String, Object> emptyBillingDetails() {
        Map<String, Object> address = new LinkedHashMap<>();
        for (String field : List.of("city", "country", "line1", "line2", "postal_code", "state")) {
            address.put(field, null);
        }
        Map<String, Object> billing = new LinkedHashMap<>();
        billing.put("address", address);
        billing.put("email", null);
        billing.put("name", null);
        billing.put("phone", null);
        return billing;
    }

    private SimResponse unexpectedState(Intent intent) {
        return error(400, "invalid_request_error", "payment_intent_unexpected_state",
                "This PaymentIntent's status is " + intent.status + ".", null);
    }

    private static SimResponse missing(String what, String id) {
        return error(404, "invalid_request_error", "resource_missing", "No such " + what + ": '" + id + "'", "id");
    }

    static SimResponse error(int status, String type, String code, String message, String param) {
        return new SimResponse(status, Map.of("error", errorObject(type, code, message, param)), Duration.ZERO);
    }

    private static Map<String, Object> errorObject(String type, String code, String message, String param) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        if (code != null) {
            error.put("code", code);
        }
        error.put("message", message);
        if (param != null) {
            error.put("param", param);
        }
        return error;
    }

    static Map<String, Object> list(String object, String url, List<Map<String, Object>> data) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("object", object);
        json.put("data", data);
        json.put("has_more", false);
        json.put("url", url);
        return json;
    }

    private static Map<String, String> query(String query) {
        Map<String, String> params = new HashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static Long parseLong(Object value) {
        try {
            return value == null ? null : Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int parseInt(Object value) {
        Long parsed = parseLong(value);
        return parsed == null ? 0 : parsed.intValue();
    }
}
