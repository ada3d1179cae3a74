package dev.payrail.bench;

import com.sun.net.httpserver.HttpServer;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Card payments, each followed by its signed {@code payment.succeeded} delivery to a merchant endpoint this
 * benchmark runs on loopback. Request latency is the payment's; the delivery lag is from the payment's
 * answer to the event's arrival at the endpoint (outbox relay, signing, HTTP). Payrail must run with
 * {@code PAYRAIL_WEBHOOKS_ALLOW_PRIVATE=true} so that a loopback endpoint is accepted.
 */
final class OutboundDelivery implements Scenario {
    private static final Pattern PAYMENT = Pattern.compile("\"id\":\\s*\"(pay_[A-Za-z0-9]+)\"");

    private final String paymentMethod;
    private final MerchantClient client;
    private final HttpServer receiver;
    private final ExecutorService receiverThreads = Executors.newFixedThreadPool(8);
    private final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
    private final java.util.Set<String> arrivedEarly = ConcurrentHashMap.newKeySet();
    private final Histogram lag = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong created = new AtomicLong();
    private final String endpointId;
    private volatile long firstDelivery;
    private volatile long lastDelivery;

    OutboundDelivery(MerchantClient client) throws IOException {
        this.client = client;
        this.paymentMethod = PaymentScenarios.tokenize(client);
        this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                received(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        this.endpointId = MerchantClient.id(client.postOk("/v1/webhook_endpoints",
                "{\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort() + "/payrail\","
                        + " \"enabled_events\": [\"payment.succeeded\"]}"));
    }

    private void received(String event) {
        long now = System.nanoTime();
        Matcher m = PAYMENT.matcher(event.substring(Math.max(0, event.indexOf("\"object\""))));
        if (!m.find()) {
            return;
        }
        Long answered;
        synchronized (answeredAt) {
            answered = answeredAt.remove(m.group(1));
            if (answered == null) {
                // the event can arrive before its payment's answer reaches the client: it is sent at commit
                arrivedEarly.add(m.group(1));
                return;
            }
        }
        record(now - answered, now);
    }

    private void record(long lagNanos, long now) {
        if (delivered.getAndIncrement() == 0) {
            firstDelivery = now;
        }
        lastDelivery = now;
        synchronized (lag) {
            lag.recordValue(Math.min(Math.max(0, lagNanos), lag.getHighestTrackableValue()));
        }
    }

    @Override
    public String name() {
        return "outbound_delivery";
    }

    @Override
    public int providerCalls() {
        return 1;
    }

    @Override
    public int run() {
        var response = client.post("/v1/payments", PaymentScenarios.payment(paymentMethod, "automatic"));
        if (response.statusCode() == 200) {
            String paymentId = MerchantClient.id(response.body());
            long now = System.nanoTime();
            created.incrementAndGet();
            synchronized (answeredAt) {
                if (!arrivedEarly.remove(paymentId)) {
                    answeredAt.put(paymentId, now);
                    return response.statusCode();
                }
            }
            record(0, now);         // delivered before the answer: no lag at all
        }
        return response.statusCode();
    }

    /** Waits (up to a minute) for the deliveries still owed, then reports lag and rate. */
    @Override
    public Map<String, Object> extra() {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!answeredAt.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("payments_answered", created.get());
        extra.put("events_delivered", delivered.get());
        extra.put("events_missing", answeredAt.size());
        double seconds = (lastDelivery - firstDelivery) / 1e9;
        extra.put("deliveries_per_s", seconds > 0 ? Math.round(delivered.get() / seconds) : 0);
        synchronized (lag) {
            extra.put("lag_p50_ms", lag.getValueAtPercentile(50) / 1e6);
            extra.put("lag_p99_ms", lag.getValueAtPercentile(99) / 1e6);
            extra.put("lag_max_ms", lag.getMaxValue() / 1e6);
            lag.reset();
        }
        delivered.set(0);
        created.set(0);
        answeredAt.clear();
        arrivedEarly.clear();
        return extra;
    }

    @Override
    public void close() {
        receiver.stop(0);
        receiverThreads.shutdown();
        client.http().sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(client.baseUrl()
                        + "/v1/webhook_endpoints/" + endpointId)).header("Authorization", "Bearer " + client.key())
                .DELETE().build(), java.net.http.HttpResponse.BodyHandlers.discarding()).join();
    }
}
