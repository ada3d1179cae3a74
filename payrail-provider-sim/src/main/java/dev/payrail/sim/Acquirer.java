package dev.payrail.sim;

import dev.payrail.core.cards.CardNumber;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated acquirer: authorizes, captures, voids and refunds, and remembers every keyed
 * request so that a repeat with the same Idempotency-Key is answered from memory, never executed twice.
 */
final class Acquirer {

    /** A keyed request that was executed, with the answer it got. */
    record Operation(String idempotencyKey, String kind, SimResponse response) {
    }

    private final SimulatorSettings settings;
    private final Map<String, Authorization> authorizations = new ConcurrentHashMap<>();
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final Map<String, Object> keyLocks = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong executedCharges = new AtomicLong();

    Acquirer(SimulatorSettings settings) {
        this.settings = settings;
    }

    SimResponse authorize(String idempotencyKey, Map<String, Object> request) {
        return keyed(idempotencyKey, "authorization", () -> newAuthorization(request));
    }

    SimResponse capture(String idempotencyKey, String authorizationId, Map<String, Object> request) {
        return keyed(idempotencyKey, "capture", () -> withAuthorization(authorizationId, auth -> {
            Optional<Long> amount = positiveLong(request, "amount");
            long toCapture = amount.orElse(auth.amount);
            if (!"authorized".equals(auth.status)) {
                return SimResponse.error(409, "invalid_request", "invalid_state", "authorization is " + auth.status);
            }
            if (toCapture > auth.amount) {
                return SimResponse.error(400, "invalid_request", "amount_too_large", "capture exceeds authorization");
            }
            auth.status = "captured";
            auth.capturedAmount = toCapture;
            return SimResponse.ok(auth.toJson());
        }));
    }

    SimResponse voidAuthorization(String idempotencyKey, String authorizationId) {
        return keyed(idempotencyKey, "void", () -> withAuthorization(authorizationId, auth -> {
            if (!"authorized".equals(auth.status)) {
                return SimResponse.error(409, "invalid_request", "invalid_state", "authorization is " + auth.status);
            }
            auth.status = "voided";
            return SimResponse.ok(auth.toJson());
        }));
    }

    SimResponse refund(String idempotencyKey, String authorizationId, Map<String, Object> request) {
        return keyed(idempotencyKey, "refund", () -> withAuthorization(authorizationId, auth -> {
            Optional<Long> amount = positiveLong(request, "amount");
            if (amount.isEmpty()) {
                return SimResponse.error(400, "invalid_request", "amount_invalid", "amount must be a positive integer");
            }
            if (!"captured".equals(auth.status)) {
                return SimResponse.error(409, "invalid_request", "invalid_state", "authorization is " + auth.status);
            }
            if (auth.refundedAmount + amount.get() > auth.capturedAmount) {
                return SimResponse.error(400, "invalid_request", "amount_too_large", "refund exceeds captured amount");
            }
            auth.refundedAmount += amount.get();
            Map<String, Object> refund = new LinkedHashMap<>();
            refund.put("id", "simre_" + sequence.incrementAndGet());
            refund.put("object", "refund");
            refund.put("status", "succeeded");
            refund.put("amount", amount.get());
            refund.put("authorization", auth.id);
            auth.refunds.add(refund);
            return SimResponse.ok(refund);
        }));
    }

    /** The status lookup: what happened to the request sent with this key, if it arrived at all. */
    Optional<Map<String, Object>> lookup(String idempotencyKey) {
        return Optional.ofNullable(operations.get(idempotencyKey)).map(op -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("idempotency_key", op.idempotencyKey());
            json.put("kind", op.kind());
            json.put("http_status", op.response().status());
            json.put("body", op.response().body());
            return json;
        });
    }

    Optional<Authorization> authorization(String id) {
        return Optional.ofNullable(authorizations.get(id));
    }

    /** Every authorization made for one Payrail payment: tests count charges with it. */
    List<Map<String, Object>> authorizationsFor(String paymentReference) {
        List<Map<String, Object>> found = new ArrayList<>();
        authorizations.values().stream()
                .filter(a -> a.paymentReference.equals(paymentReference))
                .forEach(a -> found.add(a.toJson()));
        return found;
    }

    long executedCharges() {
        return executedCharges.get();
    }

    private SimResponse keyed(String idempotencyKey, String kind, java.util.function.Supplier<SimResponse> execute) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return SimResponse.error(400, "invalid_request", "idempotency_key_missing", "Idempotency-Key is required");
        }
        synchronized (keyLocks.computeIfAbsent(idempotencyKey, k -> new Object())) {
            Operation previous = operations.get(idempotencyKey);
            if (previous != null) {
                return new SimResponse(previous.response().status(), previous.response().body(), java.time.Duration.ZERO);
            }
            SimResponse response = execute.get();
            // A 5xx or a rejected request did nothing here, so the key stays free for a retry.
            if (response.status() < 500 && response.status() != 400) {
                operations.put(idempotencyKey, new Operation(idempotencyKey, kind, response));
            }
            return response;
        }
    }

    private SimResponse newAuthorization(Map<String, Object> request) {
        Optional<Long> amount = positiveLong(request, "amount");
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
        TestCard testCard = TestCard.forNumber(number.get().digits());
        if (testCard.behaviour() == TestCard.Behaviour.SERVER_ERROR) {
            return SimResponse.error(500, "api_error", "processing_error", "simulated processing error");
        }
        Authorization auth = new Authorization("simauth_" + sequence.incrementAndGet(), reference, amount.get(),
                c.toLowerCase(java.util.Locale.ROOT), number.get().brand().wireName(), number.get().last4());
        authorizations.put(auth.id, auth);
        String declineCode = testCard.behaviour() == TestCard.Behaviour.DECLINE ? testCard.declineCode() : expiryDecline(card);
        if (declineCode != null) {
            auth.status = "declined";
            auth.declineCode = declineCode;
            return new SimResponse(402, Map.of("error", Map.of("type", "card_error", "code", "card_declined",
                    "decline_code", declineCode, "message", "The card was declined.", "authorization", auth.id)),
                    java.time.Duration.ZERO);
        }
        executedCharges.incrementAndGet();
        boolean capture = Boolean.TRUE.equals(request.get("capture"));
        auth.status = capture ? "captured" : "authorized";
        auth.capturedAmount = capture ? auth.amount : 0;
        SimResponse approved = SimResponse.ok(auth.toJson());
        return switch (testCard.behaviour()) {
            case SLOW -> approved.delayedBy(settings.slowLatency());
            case CHARGE_THEN_HANG -> approved.delayedBy(settings.hangFor());
            default -> approved;
        };
    }

    private static String expiryDecline(Map<?, ?> card) {
        if (card.get("exp_month") instanceof Number month && card.get("exp_year") instanceof Number year) {
            boolean valid = month.intValue() >= 1 && month.intValue() <= 12;
            if (valid && !YearMonth.of(year.intValue(), month.intValue()).isBefore(YearMonth.now())) {
                return null;
            }
        }
        return "expired_card";
    }

    private SimResponse withAuthorization(String id, java.util.function.Function<Authorization, SimResponse> action) {
        Authorization auth = authorizations.get(id);
        if (auth == null) {
            return SimResponse.error(404, "invalid_request", "resource_missing", "no such authorization: " + id);
        }
        synchronized (auth) {
            return action.apply(auth);
        }
    }

    private static Optional<Long> positiveLong(Map<String, Object> request, String field) {
        Object value = request.get(field);
        if (value instanceof Integer || value instanceof Long) {
            long v = ((Number) value).longValue();
            return v > 0 ? Optional.of(v) : Optional.empty();
        }
        return Optional.empty();
    }
}
