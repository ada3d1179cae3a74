package dev.payrail.bench;

import dev.payrail.core.webhooks.StripeSignature;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stripe events posted to {@code /v1/provider-webhooks/stripe}, signed as Stripe signs them, every
 * {@code duplicateEvery}-th one a resend of an earlier event (which Payrail must acknowledge and drop).
 * The events are {@code charge.updated} (Payrail stores them and changes nothing), so the worker applies
 * each once, as it would a real event, without moving money: what is measured is the endpoint (signature
 * check, parse, deduplicating insert) and the inbox keeping up behind it. {@code --webhook-type
 * payment_intent.succeeded} sends events for intents Payrail does not know instead: the worker parks
 * and retries each (the worst case for the inbox).
 * Payrail must run with {@code PAYRAIL_STRIPE_WEBHOOK_SECRETS} holding the same secret.
 */
final class WebhookFlood implements Scenario {
    static final String DEFAULT_SECRET = "whsec_payrail_bench";

    private final MerchantClient client;
    private final String secret;
    private final int duplicateEvery;
    private final String type;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong numbered = new AtomicLong();      // event numbers, across runs
    private final AtomicLong sent = new AtomicLong();          // this run's
    private final AtomicLong duplicates = new AtomicLong();

    WebhookFlood(MerchantClient client, String secret, int duplicateEvery, String type) {
        this.type = type;
        this.client = client;
        this.secret = secret;
        this.duplicateEvery = duplicateEvery;
    }

    @Override
    public String name() {
        return "webhook_flood";
    }

    @Override
    public int providerCalls() {
        return 0;
    }

    @Override
    public int run() {
        long n = numbered.incrementAndGet();
        sent.incrementAndGet();
        long eventNumber = n;
        if (duplicateEvery > 0 && n % duplicateEvery == 0 && n > 1) {
            eventNumber = ThreadLocalRandom.current().nextLong(1, n);      // an event already sent (or in flight)
            duplicates.incrementAndGet();
        }
        long now = System.currentTimeMillis() / 1000;
        byte[] payload = event(eventNumber, now).getBytes(StandardCharsets.UTF_8);
        return client.postUnauthenticated("/v1/provider-webhooks/stripe", new String(payload, StandardCharsets.UTF_8),
                Map.of("Stripe-Signature", StripeSignature.header(secret, now, payload))).statusCode();
    }

    private String event(long number, long created) {
        String intent = "pi_bench_" + runId + "_" + number;
        return "{\"id\": \"evt_bench_" + runId + "_" + number + "\", \"object\": \"event\", \"type\": \"" + type + "\","
                + " \"created\": " + created + ", \"livemode\": false, \"data\": {\"object\": {\"id\": \"" + intent
                + "\", \"object\": \"payment_intent\", \"amount\": 2000, \"currency\": \"usd\", \"capture_method\": \"automatic\","
                + " \"status\": \"succeeded\", \"latest_charge\": \"ch_bench_" + runId + "_" + number + "\"}}}";
    }

    @Override
    public Map<String, Object> extra() {
        Map<String, Object> extra = new java.util.LinkedHashMap<>();
        extra.put("events_sent", sent.getAndSet(0));
        extra.put("duplicates_sent", duplicates.getAndSet(0));
        return extra;
    }
}
