package dev.payrail.sim;

import dev.payrail.core.cards.CardNumber;

import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The simulated acquirer behind every face (native, Stripe-shaped, Adyen-shaped): it authorizes, captures,
 * voids and refunds, and remembers every keyed request so that a repeat with the same Idempotency-Key is
 * answered from memory, never executed twice. Faces translate their wire format to these calls.
 */
final class Acquirer {

    /** A keyed request that was executed, with the answer it got. */
    record Operation(String idempotencyKey, String kind, SimResponse response) {
    }

    /** What an authorization attempt did: {@code authorization} is null when the card asks for a server error. */
    record Attempt(Authorization authorization, Duration delay) {
        boolean serverError() {
            return authorization == null;
        }
    }

    private static final String AUTHORIZATION = "authorization";
    private static final String OPERATION = "operation";

    private final SimulatorSettings settings;
    private final SimJournal journal;
    /** Makes references unique across runs: a restarted simulator must never hand out an earlier run's id again. */
    private final String runToken = runToken();
    private final Map<String, Authorization> authorizations = new ConcurrentHashMap<>();
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final Map<String, Object> keyLocks = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong executedCharges = new AtomicLong();
    private final SimAcs acs;
    private final SimBank bank;
    private final SimNetwork network;
    private final SimDebits debits;
    /** The market the issuers answer by ({@code --market}), or null: the test cards decide. */
    private final MarketIssuers market;

    Acquirer(SimulatorSettings settings, SimJournal journal, Supplier<String> baseUrl) {
        this.settings = settings;
        this.market = settings.market() == null ? null : new MarketIssuers(settings.market(), java.time.Instant::now);
        this.journal = journal;
        this.acs = new SimAcs(this, baseUrl);
        this.bank = new SimBank(this, baseUrl);
        this.network = new SimNetwork(this);
        this.debits = new SimDebits(this);
        for (Map<String, Object> record : journal.loaded(AUTHORIZATION)) {
            Authorization auth = Authorization.fromRecord(record);
            authorizations.put(auth.id, auth);
            if ("authorized".equals(auth.status) || "captured".equals(auth.status) || "voided".equals(auth.status)) {
                executedCharges.incrementAndGet();
            }
        }
        for (Map<String, Object> record : journal.loaded(OPERATION)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) record.get("body");
            operations.put((String) record.get("id"), new Operation((String) record.get("idempotency_key"),
                    (String) record.get("operation"), new SimResponse(((Number) record.get("status")).intValue(), body, Duration.ZERO)));
        }
    }

    SimJournal journal() {
        return journal;
    }

    // ---- the native face's operations ------------------------------------------------------------

    SimResponse authorize(String idempotencyKey, Map<String, Object> request) {
        return keyed("native", idempotencyKey, "authorization", () -> nativeAuthorization(request));
    }

    SimResponse capture(String idempotencyKey, String authorizationId, Map<String, Object> request) {
        return keyed("native", idempotencyKey, "capture", () -> withAuthorization(authorizationId, auth -> {
            long toCapture = positiveLong(request, "amount").orElse(auth.amount);
            return nativeAnswer(auth, capture(auth, toCapture));
        }));
    }

    SimResponse voidAuthorization(String idempotencyKey, String authorizationId) {
        return keyed("native", idempotencyKey, "void", () -> withAuthorization(authorizationId,
                auth -> nativeAnswer(auth, voidAuthorization(auth))));
    }

    SimResponse refund(String idempotencyKey, String authorizationId, Map<String, Object> request) {
        return keyed("native", idempotencyKey, "refund", () -> withAuthorization(authorizationId, auth -> {
            Optional<Long> amount = positiveLong(request, "amount");
            if (amount.isEmpty()) {
                return SimResponse.error(400, "invalid_request", "amount_invalid", "amount must be a positive integer");
            }
            String refused = refund(auth, amount.get());
            if (refused != null) {
                return nativeError(refused, auth);
            }
            return SimResponse.ok(auth.refunds.get(auth.refunds.size() - 1));
        }));
    }

    /**
     * The status lookup: what happened to the request sent with this key, if it arrived at all. An authorization is
     * answered as it stands now: one that waited for the customer's authentication has been decided since.
     */
    Optional<Map<String, Object>> lookup(String idempotencyKey) {
        return Optional.ofNullable(operations.get("native:" + idempotencyKey)).map(op -> {
            SimResponse response = op.response();
            if ("authorization".equals(op.kind()) && response.body().get("id") instanceof String id) {
                response = authorization(id).map(this::nativeAnswer).orElse(response);
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("idempotency_key", op.idempotencyKey());
            json.put("kind", op.kind());
            json.put("http_status", response.status());
            json.put("body", response.body());
            return json;
        });
    }

    // ---- shared by all faces -----------------------------------------------------------------------

    /**
     * Runs {@code execute} once per (face, key); a repeat gets the stored answer. A 5xx, 429 or a rejected
     * request (400) did nothing here, so the key stays free for a retry.
     */
    SimResponse keyed(String face, String idempotencyKey, String kind, Supplier<SimResponse> execute) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return execute.get();
        }
        String scoped = face + ":" + idempotencyKey;
        synchronized (keyLocks.computeIfAbsent(scoped, k -> new Object())) {
            Operation previous = operations.get(scoped);
            if (previous != null) {
                return new SimResponse(previous.response().status(), previous.response().body(), Duration.ZERO);
            }
            SimResponse response = execute.get();
            if (response.status() < 500 && response.status() != 400 && response.status() != 429) {
                operations.put(scoped, new Operation(idempotencyKey, kind, response));
                Map<String, Object> record = new LinkedHashMap<>();
                record.put("id", scoped);
                record.put("idempotency_key", idempotencyKey);
                record.put("operation", kind);
                record.put("status", response.status());
                record.put("body", response.body());
                journal.write(OPERATION, record);
            }
            return response;
        }
    }

    /**
     * How a face asks for an authorization with 3-D Secure: {@code request} is the merchant's wish ("any" always
     * authenticates; anything else leaves it to the issuer), {@code returnUrl} where the customer goes back after a
     * challenge, {@code decided} what the face does when the challenge is answered.
     */
    record Authenticating(String request, String face, String returnUrl, SimAcs.Decided decided) {
    }

    /**
     * Authorizes (and captures, when asked) according to the test card, after the card's issuer authenticated the
     * customer when it demands it or the merchant asked: a challenge leaves the authorization requires_action.
     */
    Attempt attempt(String paymentReference, long amount, String currency, CardProfile card, Integer expMonth,
                    Integer expYear, boolean capture, Authenticating authenticating, SimNetwork.Credential credential) {
        TestCard testCard = card.testCard();
        if (testCard.behaviour() == TestCard.Behaviour.SERVER_ERROR) {
            return new Attempt(null, Duration.ZERO);
        }
        Authorization auth = new Authorization(nextId("simauth"), paymentReference, amount,
                currency.toLowerCase(Locale.ROOT), card.brand(), card.last4());
        auth.captureOnApproval = capture;
        auth.storesCredential = credential.first();
        String expired = expiryDecline(expMonth, expYear);
        if (expired != null) {
            auth.status = "declined";
            auth.declineCode = expired;
            remember(auth);
            return new Attempt(auth, Duration.ZERO);
        }
        if (credential.merchantInitiated()) {
            // the customer is absent: no challenge; the issuer takes it as exempt, or asks for authentication
            Optional<String> refused = network.refusalOfMerchantInitiated(card, credential);
            if (refused.isPresent()) {
                auth.status = "declined";
                auth.declineCode = refused.get();
                remember(auth);
                return new Attempt(auth, Duration.ZERO);
            }
        } else if (!acs.authenticate(auth, card, authenticating.request(), authenticating.face(), authenticating.returnUrl(),
                authenticating.decided())) {
            remember(auth);      // requires_action (challenge) or declined (authentication failed)
            return new Attempt(auth, Duration.ZERO);
        }
        Duration marketLatency = approveOrDecline(auth, card, authenticating.face());
        remember(auth);
        Duration delay = switch (testCard.behaviour()) {
            case SLOW -> settings.slowLatency();
            case CHARGE_THEN_HANG -> settings.hangFor();
            default -> marketLatency;
        };
        return new Attempt(auth, delay);
    }

    /**
     * The customer answered the challenge: writes the authentication's result and the issuer's decision. False when
     * the authorization no longer waits (canceled meanwhile, or answered already): the answer changes nothing.
     */
    boolean decideAfterChallenge(Authorization auth, CardProfile card, Map<String, Object> threeDSecure) {
        synchronized (auth) {
            if (!"requires_action".equals(auth.status)) {
                return false;
            }
            auth.threeDSecure = threeDSecure;
            auth.challengeUrl = null;
            if ("authenticated".equals(threeDSecure.get("result"))) {
                approveOrDecline(auth, card, null);     // after a challenge the test card decides, market or not
            } else {
                auth.status = "declined";
                auth.declineCode = "authentication_failed";
            }
            journal.write(AUTHORIZATION, auth.toRecord());
            return true;
        }
    }

    /**
     * The issuer's decision: an instruction first, then the test card; a card that approves asks the market where
     * there is one (received at {@code face}; null: not). Returns the market's latency, to answer after.
     */
    private Duration approveOrDecline(Authorization auth, CardProfile card, String face) {
        TestCard testCard = card.testCard();
        Optional<String> told = network.instructed(card);
        if (told.isPresent() || testCard.behaviour() == TestCard.Behaviour.DECLINE) {
            auth.status = "declined";
            auth.declineCode = told.orElse(testCard.declineCode());
            return Duration.ZERO;
        }
        Duration latency = Duration.ZERO;
        if (market != null && face != null && testCard.behaviour() == TestCard.Behaviour.APPROVE) {
            Optional<SimMarket.Answer> answer = market.answer(face, card.brand(), card.last4(), auth.amount, auth.currency);
            if (answer.isPresent()) {
                latency = Duration.ofMillis(answer.get().latencyMillis());
                if (!answer.get().approved()) {
                    auth.status = "declined";
                    auth.declineCode = answer.get().declineCode();
                    return latency;
                }
            }
        }
        network.approved(auth, card, new SimNetwork.Credential(false, auth.storesCredential, null));
        if (auth.amount == 0) {
            auth.status = "verified";        // a zero-amount verification: the card is good, nothing is held or charged
            return latency;
        }
        executedCharges.incrementAndGet();
        auth.status = auth.captureOnApproval ? "captured" : "authorized";
        auth.capturedAmount = auth.captureOnApproval ? auth.amount : 0;
        return latency;
    }

    SimAcs acs() {
        return acs;
    }

    SimBank bank() {
        return bank;
    }

    SimNetwork network() {
        return network;
    }

    SimDebits debits() {
        return debits;
    }

    /**
     * A bank-redirect payment of {@code amount} euros from {@code bankId}: it waits for the customer at their bank's
     * page, and is captured when the bank settles it.
     */
    Authorization bankRedirect(String paymentReference, long amount, String currency, String bankId, SimBank.Decided decided) {
        Authorization auth = new Authorization(nextId("simauth"), paymentReference, amount, currency.toLowerCase(Locale.ROOT),
                "bank_redirect", "");
        auth.captureOnApproval = true;
        bank.redirect(auth, bankId, decided);
        remember(auth);
        return auth;
    }

    /** A bank debit from an account ending {@code ibanLast4}: pending until the payer's bank collects it. */
    Authorization bankDebit(String paymentReference, long amount, String currency, String ibanLast4) {
        Authorization auth = new Authorization(nextId("simauth"), paymentReference, amount, currency.toLowerCase(Locale.ROOT),
                "sepa_debit", ibanLast4);
        auth.captureOnApproval = true;
        auth.status = "pending";
        remember(auth);
        return auth;
    }

    /** The payer's bank collected the debit (captured) or refused it; false when it was decided already. */
    boolean debitCollected(Authorization auth, boolean collected) {
        synchronized (auth) {
            if (!"pending".equals(auth.status)) {
                return false;
            }
            if (collected) {
                executedCharges.incrementAndGet();
                auth.status = "captured";
                auth.capturedAmount = auth.amount;
            } else {
                auth.status = "declined";
                auth.declineCode = "insufficient_funds";
            }
            journal.write(AUTHORIZATION, auth.toRecord());
            return true;
        }
    }

    /** The customer approved (pending until the bank settles) or declined at their bank; false when it no longer waits. */
    boolean bankAnswered(Authorization auth, boolean approved) {
        synchronized (auth) {
            if (!"requires_action".equals(auth.status)) {
                return false;
            }
            auth.challengeUrl = null;
            if (approved) {
                auth.status = "pending";
            } else {
                auth.status = "declined";
                auth.declineCode = "bank_declined";
            }
            journal.write(AUTHORIZATION, auth.toRecord());
            return true;
        }
    }

    /** The bank settled an approved payment: captured. */
    boolean bankSettled(Authorization auth) {
        synchronized (auth) {
            if (!"pending".equals(auth.status)) {
                return false;
            }
            executedCharges.incrementAndGet();
            auth.status = "captured";
            auth.capturedAmount = auth.amount;
            journal.write(AUTHORIZATION, auth.toRecord());
            return true;
        }
    }

    /** Returns null on success, or why the capture is refused. */
    String capture(Authorization auth, long amount) {
        synchronized (auth) {
            if (!"authorized".equals(auth.status)) {
                return "invalid_state";
            }
            if (amount <= 0 || amount > auth.amount) {
                return "amount_too_large";
            }
            auth.status = "captured";
            auth.capturedAmount = amount;
            journal.write(AUTHORIZATION, auth.toRecord());
            return null;
        }
    }

    /** Releases an authorization, or ends one still waiting for the customer's authentication (it can never charge). */
    String voidAuthorization(Authorization auth) {
        synchronized (auth) {
            if ("requires_action".equals(auth.status)) {
                auth.status = "canceled";
                auth.challengeUrl = null;
                journal.write(AUTHORIZATION, auth.toRecord());
                return null;
            }
            if (!"authorized".equals(auth.status)) {
                return "invalid_state";
            }
            auth.status = "voided";
            journal.write(AUTHORIZATION, auth.toRecord());
            return null;
        }
    }

    String refund(Authorization auth, long amount) {
        synchronized (auth) {
            if (!"captured".equals(auth.status)) {
                return "invalid_state";
            }
            if (amount <= 0 || auth.refundedAmount + amount > auth.capturedAmount) {
                return "amount_too_large";
            }
            auth.refundedAmount += amount;
            Map<String, Object> refund = new LinkedHashMap<>();
            refund.put("id", nextId("simre"));
            refund.put("object", "refund");
            refund.put("status", "succeeded");
            refund.put("amount", amount);
            refund.put("authorization", auth.id);
            auth.refunds.add(refund);
            journal.write(AUTHORIZATION, auth.toRecord());
            return null;
        }
    }

    private void remember(Authorization auth) {
        synchronized (auth) {
            authorizations.put(auth.id, auth);
            journal.write(AUTHORIZATION, auth.toRecord());
        }
    }

    Optional<Authorization> authorization(String id) {
        return Optional.ofNullable(authorizations.get(id));
    }

    /** Every authorization made for one Payrail payment, on any face: tests count charges with it. */
    List<Map<String, Object>> authorizationsFor(String paymentReference) {
        List<Map<String, Object>> found = new ArrayList<>();
        authorizations.values().stream()
                .filter(a -> a.paymentReference.equals(paymentReference))
                .forEach(a -> found.add(a.toJson()));
        return found;
    }

    List<Authorization> authorizationsWhere(java.util.function.Predicate<Authorization> filter) {
        return authorizations.values().stream().filter(filter).toList();
    }

    long executedCharges() {
        return executedCharges.get();
    }

    String nextId(String prefix) {
        return prefix + "_" + runToken + sequence.incrementAndGet();
    }

    /** Eight random lower-case letters: no digits, so that no reference can pass for a card number. */
    private static String runToken() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        StringBuilder token = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            token.append((char) ('a' + random.nextInt(26)));
        }
        return token.toString();
    }

    static Optional<Long> positiveLong(Map<String, Object> request, String field) {
        Object value = request.get(field);
        if (value instanceof Integer || value instanceof Long) {
            long v = ((Number) value).longValue();
            return v > 0 ? Optional.of(v) : Optional.empty();
        }
        return Optional.empty();
    }

    // ---- native face formatting --------------------------------------------------------------------

    private SimResponse nativeAuthorization(Map<String, Object> request) {
        // a verification (a setup intent's zero-amount authorization) is the only authorization of nothing
        Optional<Long> amount = Boolean.TRUE.equals(request.get("verification")) && Long.valueOf(0).equals(
                request.get("amount") instanceof Number n ? n.longValue() : null) ? Optional.of(0L) : positiveLong(request, "amount");
        Object currency = request.get("currency");
        Object cardJson = request.get("card");
        Object paymentReference = request.get("payment_reference");
        if (amount.isEmpty() || !(currency instanceof String c) || !c.matches("[a-zA-Z]{3}")
                || !(cardJson instanceof Map<?, ?> card) || !(paymentReference instanceof String reference)) {
            return SimResponse.error(400, "invalid_request", "parameter_invalid",
                    "amount, currency, card and payment_reference are required");
        }
        Optional<CardNumber> number = CardNumber.parse(String.valueOf(card.get("number")));
        if (number.isEmpty()) {
            return SimResponse.error(402, "card_error", "invalid_number", "card number is invalid");
        }
        String returnUrl = request.get("return_url") instanceof String url ? url : null;
        Attempt attempt = attempt(reference, amount.get(), c, CardProfile.of(number.get()), integer(card.get("exp_month")),
                integer(card.get("exp_year")), Boolean.TRUE.equals(request.get("capture")),
                new Authenticating(request.get("three_d_secure") instanceof String wish ? wish : null, "native", returnUrl,
                        (decided, challenge) -> challenge.returnUrl() == null ? null
                                : SimAcs.withParam(challenge.returnUrl(), "authorization", decided.id)),
                nativeCredential(request.get("stored_credential")));
        if (attempt.serverError()) {
            return SimResponse.error(500, "api_error", "processing_error", "simulated processing error");
        }
        return nativeAnswer(attempt.authorization()).delayedBy(attempt.delay());
    }

    /**
     * The native face's {@code stored_credential}: {@code initiator} customer or merchant, {@code series} first (the
     * card is being stored) or subsequent, and the {@code network_transaction_id} a subsequent one cites.
     */
    private static SimNetwork.Credential nativeCredential(Object given) {
        if (!(given instanceof Map<?, ?> credential)) {
            return SimNetwork.Credential.NONE;
        }
        return new SimNetwork.Credential("merchant".equals(credential.get("initiator")), "first".equals(credential.get("series")),
                credential.get("network_transaction_id") instanceof String id ? id : null);
    }

    /** The native face's answer about an authorization: a decline is a 402 card error, anything else 200. */
    private SimResponse nativeAnswer(Authorization auth) {
        if ("declined".equals(auth.status)) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("type", "card_error");
            error.put("code", "card_declined");
            error.put("decline_code", auth.declineCode);
            error.put("message", "authentication_failed".equals(auth.declineCode)
                    ? "The customer could not be authenticated." : "The card was declined.");
            error.put("authorization", auth.id);
            if (auth.threeDSecure != null) {
                error.put("three_d_secure", auth.threeDSecure);
            }
            return new SimResponse(402, Map.of("error", error), Duration.ZERO);
        }
        return SimResponse.ok(auth.toJson());
    }

    private SimResponse nativeAnswer(Authorization auth, String refused) {
        return refused == null ? SimResponse.ok(auth.toJson()) : nativeError(refused, auth);
    }

    private static SimResponse nativeError(String refused, Authorization auth) {
        int status = "invalid_state".equals(refused) ? 409 : 400;
        return SimResponse.error(status, "invalid_request", refused, "authorization is " + auth.status);
    }

    private SimResponse withAuthorization(String id, Function<Authorization, SimResponse> action) {
        Authorization auth = authorizations.get(id);
        if (auth == null) {
            return SimResponse.error(404, "invalid_request", "resource_missing", "no such authorization: " + id);
        }
        return action.apply(auth);
    }

    private static Integer integer(Object value) {
        return value instanceof Number n ? n.intValue() : null;
    }

    /**
     * The issuers' calendar: today's month, or a month tests set ({@code POST /sim/clock}) to let a year of renewals
     * pass in seconds, so that a saved card expires mid-subscription as it would.
     */
    private volatile YearMonth clock;

    YearMonth currentMonth() {
        YearMonth set = clock;
        return set == null ? YearMonth.now() : set;
    }

    /** {@code {"month": "2027-07"}} sets the issuers' month; {@code {"month": null}} gives them today's back. */
    SimResponse setClock(Map<String, Object> request) {
        Object month = request.get("month");
        try {
            clock = month == null ? null : YearMonth.parse(String.valueOf(month));
        } catch (java.time.format.DateTimeParseException bad) {
            return SimResponse.error(400, "invalid_request", "clock_invalid", "send {\"month\": \"2027-07\"} or {\"month\": null}");
        }
        return SimResponse.ok(Map.of("month", currentMonth().toString()));
    }

    private String expiryDecline(Integer month, Integer year) {
        if (month != null && year != null && month >= 1 && month <= 12
                && !YearMonth.of(year, month).isBefore(currentMonth())) {
            return null;
        }
        return "expired_card";
    }
}
