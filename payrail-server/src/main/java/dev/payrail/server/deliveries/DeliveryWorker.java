package dev.payrail.server.deliveries;

import dev.payrail.server.events.EventDeliveryStore;
import dev.payrail.core.webhooks.PayrailSignature;
import dev.payrail.server.PayrailProperties;
import dev.payrail.server.events.PublicEvents;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import dev.payrail.server.events.EventLog;
import dev.payrail.server.ops.TraceHeaders;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivers events to merchant endpoints: a signed POST ({@code Payrail-Signature}); a 2xx is delivered;
 * anything else is retried after the next back-off delay (with jitter), and failed once the schedule is
 * spent. Every attempt is recorded. Workers on several instances share the queue through leases.
 */
@Component
class DeliveryWorker {
    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final EventDeliveryStore deliveries;
    private final WebhookEndpointStore endpoints;
    private final PublicEvents events;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final PayrailProperties.Deliveries settings;
    private final EndpointAddresses addresses;
    private final HttpClient http;
    private final HttpClient https;
    private final String userAgent;
    private final TraceHeaders traces;
    /** Runs a delivery pass as soon as a commit queued deliveries; at most one pass waits at a time. */
    private final ExecutorService wakeups = Executors.newSingleThreadExecutor(daemonThreads("delivery-wakeup"));
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** Sends the deliveries of a batch concurrently ({@code payrail.deliveries.concurrency} at a time). */
    private final ExecutorService senders;
    /** The words of endpoints registered through another API (the Stripe-compatible one), by their format. */
    private final Map<String, EventWording> wordings;

    DeliveryWorker(EventDeliveryStore deliveries, WebhookEndpointStore endpoints, PublicEvents events, JsonMapper json,
                   MeterRegistry meters, PayrailProperties properties, TraceHeaders traces, EndpointAddresses addresses,
                   org.springframework.beans.factory.ObjectProvider<org.springframework.boot.info.BuildProperties> build,
                   List<EventWording> wordings) {
        this.wordings = wordings.stream().collect(java.util.stream.Collectors.toMap(EventWording::format, w -> w));
        this.traces = traces;
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.events = events;
        this.json = json;
        this.meters = meters;
        this.settings = properties.deliveries();
        this.addresses = addresses;
        this.senders = Executors.newFixedThreadPool(settings.concurrency(), daemonThreads("delivery-sender"));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        org.springframework.boot.info.BuildProperties info = build.getIfAvailable();
        this.userAgent = "Payrail/" + (info == null ? "dev" : info.getVersion());
    }

    /**
     * A commit queued deliveries: deliver now rather than at the next poll (a poll's wait was most of an
     * event's delivery lag). Passes may overlap with the scheduled one; leases keep them apart.
     */
    @TransactionalEventListener
    void onDeliveriesQueued(EventLog.DeliveriesQueued queued) {
        if (settings.deliverOnCommit() && wakeupPending.compareAndSet(false, true)) {
            wakeups.execute(() -> {
                wakeupPending.set(false);
                try {
                    deliverDue();
                } catch (RuntimeException e) {
                    log.warn("delivery pass after a commit failed; the scheduled pass retries: {}", e.toString());
                }
            });
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @jakarta.annotation.PreDestroy
    void stopWakeups() {
        wakeups.shutdownNow();
        senders.shutdownNow();
    }

    @Scheduled(fixedDelayString = "${payrail.deliveries.worker-interval}")
    void deliverDue() {
        Duration lease = settings.timeout().multipliedBy(3);
        List<Callable<Void>> sends = deliveries.leaseDue(settings.batchSize(), lease).stream()
                .map(due -> (Callable<Void>) () -> {
                    try {
                        // continues the trace of the change that wrote the event: its traceparent goes to the merchant
                        traces.continuing(due.traceparent(), "delivery.send", () -> deliver(due));
                    } catch (RuntimeException e) {
                        log.error("delivery {} failed unexpectedly; it stays pending", due.id(), e);
                    }
                    return null;
                }).toList();
        try {
            // sent side by side: one at a time, a batch took the sum of its endpoints' answer times
            senders.invokeAll(sends);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(EventDeliveryStore.Due due) {
        WebhookEndpointStore.Endpoint endpoint = endpoints.get(due.endpointId());
        Optional<Map<String, Object>> event = events.envelope(due.eventId());
        if (event.isEmpty() || !"enabled".equals(endpoint.status())) {
            deliveries.abandoned(due.id(), event.isEmpty() ? "event not found" : "endpoint " + endpoint.status());
            return;
        }
        EventDeliveryStore.Attempt attempt = send(due, endpoint, event.get());
        boolean delivered = attempt.status() != null && attempt.status() >= 200 && attempt.status() < 300;
        meters.counter("payrail.deliveries.attempts", "outcome", delivered ? "delivered" : "failed").increment();
        if (delivered) {
            deliveries.succeeded(due.id(), attempt);
            endpoints.recordOutcome(endpoint.id(), true, settings.disableAfterFailures());
            return;
        }
        String why = attempt.error() != null ? attempt.error() : "HTTP " + attempt.status();
        endpoints.recordFailedAttempt(endpoint.id(), why);
        List<Duration> backoff = settings.backoff();
        if (due.attempts() > backoff.size()) {
            deliveries.failed(due.id(), attempt, why);
            meters.counter("payrail.deliveries.failed").increment();
            if (endpoints.recordOutcome(endpoint.id(), false, settings.disableAfterFailures())) {
                meters.counter("payrail.deliveries.endpoints_disabled").increment();
                log.warn("endpoint {} of merchant {} disabled after {} failed deliveries in a row", endpoint.id(),
                        endpoint.merchantId(), settings.disableAfterFailures());
            }
            log.warn("delivery {} of {} to {} failed for good after {} attempts: {}", due.id(), due.eventId(),
                    endpoint.id(), due.attempts(), why);
            return;
        }
        Duration delay = backoff.get(due.attempts() - 1);
        long jitter = (long) (delay.toMillis() * 0.2 * ThreadLocalRandom.current().nextDouble());
        deliveries.retryAt(due.id(), attempt, why, Instant.now().plus(delay).plusMillis(jitter));
    }

    /**
     * One attempt. An address that may not be called (it resolves to a private network, or no longer resolves)
     * is a failed attempt like any other: retried on the schedule, counted against the endpoint, and shown as
     * its last failure, so that a setting changed by mistake loses no event.
     */
    private EventDeliveryStore.Attempt send(EventDeliveryStore.Due due, WebhookEndpointStore.Endpoint endpoint, Map<String, Object> event) {
        URI url = URI.create(endpoint.url());
        Optional<String> refused = addresses.refusal(url, endpoint.livemode());
        if (refused.isPresent()) {
            return new EventDeliveryStore.Attempt(null, 0, "refused: " + refused.get());
        }
        long timestamp = Instant.now().getEpochSecond();
        EventWording wording = wordings.get(endpoint.format());
        byte[] body;
        Map.Entry<String, String> signature;
        if (wording == null) {
            body = json.writeValueAsBytes(event);
            signature = Map.entry("Payrail-Signature", PayrailSignature.header(endpoint.liveSecrets(Instant.now()), timestamp, body));
        } else {
            Optional<Map<String, Object>> worded = wording.word(endpoint.merchantId(), event);
            if (worded.isEmpty()) {
                // not queued for such an endpoint (its enabled events are the ones its format words); should one be,
                // it is a failed attempt that says why, not a delivery
                return new EventDeliveryStore.Attempt(null, 0, "not sent: no " + endpoint.format() + " words for " + event.get("type"));
            }
            body = json.writeValueAsBytes(worded.get());
            signature = wording.signature(endpoint.liveSecrets(Instant.now()), timestamp, body);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(url)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", userAgent)
                .header(signature.getKey(), signature.getValue())
                .header("Payrail-Event-Id", due.eventId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        traces.inject(builder::header);
        long start = System.nanoTime();
        Integer status = null;
        String error = null;
        try {
            // HTTP/2 only where TLS negotiates it; plain http gets plain HTTP/1.1 (no h2c Upgrade header)
            HttpClient client = "https".equalsIgnoreCase(url.getScheme()) ? https : http;
            status = client.send(builder.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            error = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        return new EventDeliveryStore.Attempt(status, (System.nanoTime() - start) / 1_000_000, error);
    }
}
