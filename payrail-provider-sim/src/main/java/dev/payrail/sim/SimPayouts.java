package dev.payrail.sim;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Payouts on the native face: {@code POST /v1/payouts} (Idempotency-Key; amount, currency, destination)
 * and {@code GET /v1/payouts/{id}}. A payout travels for {@link SimulatorSettings#payoutArrival()} and is
 * then {@code paid}, or {@code failed} with {@code account_closed} when the destination starts with
 * {@code ba_closed}; a destination starting with {@code ba_invalid} is refused at once (402).
 */
final class SimPayouts {
    private record Payout(String id, long amount, String currency, String destination, Instant created, Instant arrival) {
    }

    private final Acquirer acquirer;
    private final SimulatorSettings settings;
    private final Map<String, Payout> payouts = new ConcurrentHashMap<>();

    SimPayouts(Acquirer acquirer, SimulatorSettings settings) {
        this.acquirer = acquirer;
        this.settings = settings;
    }

    SimResponse create(String idempotencyKey, Map<String, Object> request) {
        if (!(request.get("amount") instanceof Number amount) || amount.longValue() <= 0
                || !(request.get("currency") instanceof String currency) || !currency.matches("[a-zA-Z]{3}")
                || !(request.get("destination") instanceof String destination) || !destination.startsWith("ba_")) {
            return SimResponse.error(400, "invalid_request", "parameter_invalid",
                    "amount (positive integer), currency and destination (ba_...) are required");
        }
        return acquirer.keyed("native", idempotencyKey, "payout", () -> {
            if (destination.startsWith("ba_invalid")) {
                return SimResponse.error(402, "payout_error", "invalid_account", "The destination account number is invalid.");
            }
            Instant now = Instant.now();
            Payout payout = new Payout(acquirer.nextId("simpo"), amount.longValue(), currency.toLowerCase(Locale.ROOT),
                    destination, now, now.plus(settings.payoutArrival()));
            payouts.put(payout.id(), payout);
            return SimResponse.ok(json(payout));
        });
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
        return json;
    }
}
