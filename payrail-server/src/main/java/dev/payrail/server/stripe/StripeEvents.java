package dev.payrail.server.stripe;

import dev.payrail.core.webhooks.StripeSignature;
import dev.payrail.server.deliveries.EventWording;
import dev.payrail.server.payments.PaymentController;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Payrail's events in Stripe's words: one Stripe event per Payrail event, under the same id, its type in Stripe's
 * name and its object in Stripe's shape, delivered to the endpoints registered through the Stripe-compatible API
 * (signed with {@code Stripe-Signature}, which the libraries' {@code Webhook.constructEvent} verifies) and listed by
 * its {@code /v1/events}. Events Stripe has no words for (mandates, checkout sessions, a Payrail bank debit's return,
 * endpoints disabled) are not part of this surface.
 */
@Component
class StripeEvents implements EventWording {
    /** Payrail's event type, and Stripe's name for it. */
    static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("payment.created", "payment_intent.created"),
            Map.entry("payment.requires_action", "payment_intent.requires_action"),
            Map.entry("payment.requires_capture", "payment_intent.amount_capturable_updated"),
            Map.entry("payment.processing", "payment_intent.processing"),
            Map.entry("payment.succeeded", "payment_intent.succeeded"),
            Map.entry("payment.failed", "payment_intent.payment_failed"),
            // an authentication that failed: the intent waits for another card, as Stripe's after a failed payment
            Map.entry("payment.requires_payment_method", "payment_intent.payment_failed"),
            Map.entry("payment.retry_scheduled", "payment_intent.payment_failed"),
            Map.entry("payment.canceled", "payment_intent.canceled"),
            Map.entry("refund.created", "refund.created"),
            Map.entry("refund.succeeded", "charge.refunded"),
            Map.entry("refund.failed", "refund.failed"),
            Map.entry("customer.created", "customer.created"),
            Map.entry("customer.updated", "customer.updated"),
            Map.entry("customer.deleted", "customer.deleted"),
            Map.entry("payment_method.attached", "payment_method.attached"),
            Map.entry("payment_method.detached", "payment_method.detached"),
            Map.entry("payment_method.updated", "payment_method.updated"),
            Map.entry("setup_intent.created", "setup_intent.created"),
            Map.entry("setup_intent.requires_action", "setup_intent.requires_action"),
            Map.entry("setup_intent.setup_failed", "setup_intent.setup_failed"),
            Map.entry("setup_intent.succeeded", "setup_intent.succeeded"),
            Map.entry("setup_intent.canceled", "setup_intent.canceled"),
            Map.entry("dispute.created", "charge.dispute.created"),
            Map.entry("dispute.updated", "charge.dispute.updated"),
            Map.entry("dispute.closed", "charge.dispute.closed"),
            Map.entry("payout.created", "payout.created"),
            Map.entry("payout.paid", "payout.paid"),
            Map.entry("payout.failed", "payout.failed"),
            Map.entry("payout.canceled", "payout.canceled"));

    private final JsonMapper json;
    private final PaymentController payments;
    private final StripeLedger ledger;

    StripeEvents(JsonMapper json, PaymentController payments, StripeLedger ledger) {
        this.json = json;
        this.payments = payments;
        this.ledger = ledger;
    }

    @Override
    public String format() {
        return "stripe";
    }

    /** Stripe's names of the events a Stripe endpoint of Payrail's {@code types} receives ("*" when it is all of them). */
    static List<String> stripeNames(List<String> types) {
        if (types.contains("*") || new TreeSet<>(types).equals(new TreeSet<>(TYPES.keySet()))) {
            return List.of("*");
        }
        return new ArrayList<>(new TreeSet<>(types.stream().map(TYPES::get).filter(java.util.Objects::nonNull).toList()));
    }

    /** Payrail's types that Stripe's {@code names} stand for ("*": every type this surface has words for). */
    static List<String> payrailTypes(List<String> names) {
        Set<String> types = new TreeSet<>();
        for (String name : names) {
            if ("*".equals(name)) {
                types.addAll(TYPES.keySet());
                continue;
            }
            List<String> matching = TYPES.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey).toList();
            if (matching.isEmpty()) {
                throw dev.payrail.server.api.ApiException.invalid("parameter_invalid", "enabled_events",
                        "Invalid event type: " + name + ". Payrail sends: " + String.join(", ", new TreeSet<>(TYPES.values())) + ".");
            }
            types.addAll(matching);
        }
        return new ArrayList<>(types);
    }

    @Override
    public Optional<Map<String, Object>> word(String merchantId, Map<String, Object> event) {
        return wordTree(merchantId, json.valueToTree(event));
    }

    /** The Stripe event of one Payrail event envelope. */
    Optional<Map<String, Object>> wordTree(String merchantId, JsonNode event) {
        String type = event.path("type").asString();
        String stripeType = TYPES.get(type);
        if (stripeType == null) {
            return Optional.empty();
        }
        JsonNode object = event.path("data").path("object");
        Function<JsonNode, Map<String, Object>> shape;
        if (type.startsWith("payment.")) {
            shape = StripeObjects::paymentIntent;
        } else if (type.equals("refund.succeeded")) {
            // Stripe's charge.refunded carries the charge: the refunded payment as it is now
            shape = refund -> ledger.charge(merchantId, json.valueToTree(payments.view(merchantId, refund.path("payment").asString())),
                    false);
        } else if (type.startsWith("refund.")) {
            shape = refund -> ledger.refund(merchantId, refund, false);
        } else if (type.startsWith("customer.")) {
            shape = StripeObjects::customer;
        } else if (type.startsWith("setup_intent.")) {
            shape = StripeObjects::setupIntent;
        } else if (type.startsWith("dispute.")) {
            shape = StripeObjects::dispute;
        } else if (type.startsWith("payout.")) {
            shape = StripeObjects::payout;
        } else {
            shape = StripeObjects::paymentMethod;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("object", shape.apply(object));
        Map<String, Object> stripe = new LinkedHashMap<>();
        stripe.put("id", event.path("id").asString());
        stripe.put("object", "event");
        stripe.put("api_version", StripeObjects.API_VERSION);
        stripe.put("created", event.path("created").longValue());
        stripe.put("data", data);
        stripe.put("livemode", event.path("livemode").asBoolean(false));
        stripe.put("pending_webhooks", 0);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", null);
        request.put("idempotency_key", null);
        stripe.put("request", request);
        stripe.put("type", stripeType);
        return Optional.of(stripe);
    }

    /** {@code Stripe-Signature: t=...,v1=...}, one {@code v1} per live secret (two while a rotation overlaps). */
    @Override
    public Map.Entry<String, String> signature(List<String> secrets, long timestamp, byte[] body) {
        StringBuilder header = new StringBuilder("t=").append(timestamp);
        for (String secret : secrets) {
            String signed = StripeSignature.header(secret, timestamp, body);
            header.append(',').append(signed.substring(signed.indexOf("v1=")));
        }
        return Map.entry("Stripe-Signature", header.toString());
    }
}
