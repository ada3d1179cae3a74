package dev.payrail.bench;

import java.util.Locale;
import java.util.Map;

/** One unit of work the load generator repeats at a constant rate, and what it needs set up first. */
interface Scenario extends AutoCloseable {

    String name();

    /**
     * Provider calls in one iteration: the simulator's configured latency is subtracted this many times to
     * give the latency Payrail itself adds.
     */
    int providerCalls();

    /** Untimed setup for a run of {@code iterations} (payments to refund, say). */
    default void prepare(int iterations) {
    }

    /** One iteration; the HTTP status of its last call, 200 meaning success. */
    int run();

    /** What the scenario measured besides request latency (delivery lag, say), once the run is over. */
    default Map<String, Object> extra() {
        return Map.of();
    }

    @Override
    default void close() {
    }

    static Scenario named(String name, MerchantClient client, Map<String, String> options) throws Exception {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "card_payment" -> new PaymentScenarios.CardPayment(client);
            case "market_payment" -> new MarketPayment(client);
            case "off_session_payment" -> new PaymentScenarios.OffSessionPayment(client);
            case "stripe_card_payment" -> new PaymentScenarios.StripeCardPayment(client, options.get("stripe-url"));
            case "manual_capture" -> new PaymentScenarios.ManualCapture(client);
            case "refund" -> new PaymentScenarios.Refund(client);
            case "webhook_flood" -> new WebhookFlood(client, options.getOrDefault("webhook-secret", WebhookFlood.DEFAULT_SECRET),
                    Integer.parseInt(options.getOrDefault("duplicate-every", "5")),
                    options.getOrDefault("webhook-type", "charge.updated"));
            case "outbound_delivery" -> new OutboundDelivery(client);
            default -> throw new IllegalArgumentException("unknown scenario " + name
                    + " (card_payment, off_session_payment, stripe_card_payment, manual_capture, refund, webhook_flood,"
                    + " outbound_delivery)");
        };
    }
}
