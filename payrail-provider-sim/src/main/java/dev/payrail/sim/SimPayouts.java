package dev.payrail.sim;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Payouts on the native face ({@code POST /v1/payouts} with a JSON body: amount, currency, destination) and
 * the Stripe face (the same path with Stripe's form body, answered with Stripe's payout object; {@code GET
 * /v1/payouts} lists them); {@code GET /v1/payouts/{id}} on both. A payout travels for {@link SimulatorSettings#payoutArrival()} and is
 * then {@code paid}, or {@code failed} with {@code account_closed} when the destination starts with
 * {@code ba_closed}; a destination starting with {@code ba_invalid} is refused at once (402).
 */
final class SimPayouts {
    private record Payout(String id, String face, long amount, String currency, String destination, Map<String, Object> metadata,
                          Instant created, Instant arrival) {
    }

    private final Acquirer acquirer;
    private final SimulatorSettings settings;
    private final Map<String, Payout> payouts = new ConcurrentHashMap<>();

    private static final String PAYOUT = "payout";

    SimPayouts(Acquirer acquirer, SimulatorSettings settings) {
        this.acquirer = acquirer;
        this.settings = settings;
        acquirer.journal().loaded(PAYOUT, Payout.class).forEach(payout -> payouts.put(payout.id(), payout));
    }

    /** Native face: JSON {amount, currency, destination}. */
    SimResponse create(String idempotencyKey, Map<String, Object> request) {
        return create("native", idempotencyKey, request.get("amount"), request.get("currency"), request.get("destination"), Map.of());
    }

    /** Stripe face: a form {amount, currency, destination, metadata[...], method}; answers a Stripe payout object. */
    @SuppressWarnings("unchecked")
    SimResponse createStripe(String idempotencyKey, Map<String, Object> form) {
        Object amount = form.get("amount") instanceof String raw && raw.matches("\\d{1,15}") ? Long.parseLong(raw) : null;
        Map<String, Object> metadata = form.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        return create("stripe", idempotencyKey, amount, form.get("currency"), form.get("destination"), metadata);
    }

    private SimResponse create(String face, String idempotencyKey, Object amountValue, Object currencyValue, Object destinationValue,
                               Map<String, Object> metadata) {
        boolean stripe = "stripe".equals(face);
        if (!(amountValue instanceof Number amount) || amount.longValue() <= 0
                || !(currencyValue instanceof String currency) || !currency.matches("[a-zA-Z]{3}")
                || !(destinationValue instanceof String destination) || !destination.startsWith("ba_")) {
            return stripe ? StripeFace.error(400, "invalid_request_error", "parameter_invalid",
                    "amount, currency and destination (ba_...) are required.", "amount")
                    : SimResponse.error(400, "invalid_request", "parameter_invalid",
                    "amount (positive integer), currency and destination (ba_...) are required");
        }
        return acquirer.keyed(face, idempotencyKey, "payout", () -> {
            if (destination.startsWith("ba_invalid")) {
                return stripe ? StripeFace.error(402, "invalid_request_error", "invalid_account",
                        "The destination account number is invalid.", "destination")
                        : SimResponse.error(402, "payout_error", "invalid_account", "The destination account number is invalid.");
            }
            Instant now = Instant.now();
            Payout payout = new Payout(acquirer.nextId(stripe ? "po" : "simpo"), face, amount.longValue(),
                    currency.toLowerCase(Locale.ROOT), destination, metadata, now, now.plus(settings.payoutArrival()));
            payouts.put(payout.id(), payout);
            acquirer.journal().write(PAYOUT, payout);
            return SimResponse.ok(json(payout));
        });
    }

    /** Stripe face: the payouts it created, newest first (Payrail finds a lost payout by its metadata). */
    List<Map<String, Object>> stripeList() {
        return payouts.values().stream().filter(p -> "stripe".equals(p.face()))
                .sorted(java.util.Comparator.comparing(Payout::created).reversed()).map(this::json).toList();
    }

    Optional<Map<String, Object>> get(String id) {
        return Optional.ofNullable(payouts.get(id)).map(this::json);
    }

    private Map<String, Object> json(Payout payout) {
        boolean arrived = !Instant.now().isBefore(payout.arrival());
        boolean returned = arrived && payout.destination().startsWith("ba_closed");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", payout.id());
        json.put("object", "payout");
        json.put("amount", payout.amount());
        json.put("currency", payout.currency());
        json.put("destination", payout.destination());
        json.put("status", !arrived ? "in_transit" : returned ? "failed" : "paid");
        json.put("failure_code", returned ? "account_closed" : null);
        json.put("arrival_date", payout.arrival().getEpochSecond());
        json.put("created", payout.created().getEpochSecond());
        if ("stripe".equals(payout.face())) {
            json.put("automatic", false);
            json.put("livemode", false);
            json.put("metadata", payout.metadata());
            json.put("method", "standard");
            json.put("source_type", "card");
            json.put("type", "bank_account");
            json.put("failure_message", returned ? "The bank account has been closed." : null);
        }
        return json;
    }
}
