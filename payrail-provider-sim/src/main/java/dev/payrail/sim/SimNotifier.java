package dev.payrail.sim;

import dev.payrail.core.webhooks.AdyenNotification;
import dev.payrail.core.webhooks.StripeSignature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Payment webhooks of the Stripe- and Adyen-shaped faces: signed as each provider signs them and sent after the
 * answer that caused them (a challenge answered), retried five times a second apart when the receiver is away, as
 * providers retry. Until a face's target is set, it notifies nothing.
 */
final class SimNotifier implements AutoCloseable {
    /** Where a face's webhooks go, and its signing secret (Stripe's whsec_..., Adyen's hex HMAC key). */
    record Target(String url, String secret) {
    }

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sim-payment-notifier");
        thread.setDaemon(true);
        return thread;
    });
    private final Acquirer acquirer;
    private volatile Target stripe;
    private volatile Target adyen;

    SimNotifier(Acquirer acquirer) {
        this.acquirer = acquirer;
    }

    void stripeTo(Target target) {
        this.stripe = target;
    }

    void adyenTo(Target target) {
        this.adyen = target;
    }

    /** A Stripe event of {@code type} about {@code object}. */
    void stripeEvent(String type, Map<String, Object> object) {
        Target target = stripe;
        if (target == null) {
            return;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", acquirer.nextId("evt"));
        event.put("object", "event");
        event.put("api_version", "2020-08-27");
        event.put("created", Instant.now().getEpochSecond());
        event.put("data", Map.of("object", object));
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        event.put("type", type);
        byte[] body = json.writeValueAsBytes(event);
        send(target, body, () -> Map.of("Stripe-Signature",
                StripeSignature.header(target.secret(), Instant.now().getEpochSecond(), body)), 1);
    }

    /** An Adyen AUTHORISATION notification: {@code success} with the payment's pspReference and Payrail's reference. */
    void adyenAuthorisation(String pspReference, String merchantAccount, String reference, long value, String currency,
                            boolean success, String reason, Map<String, String> additionalData) {
        Target target = adyen;
        if (target == null) {
            return;
        }
        String date = OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString();
        String upper = currency.toUpperCase(Locale.ROOT);
        AdyenNotification item = new AdyenNotification(pspReference, null, merchantAccount, reference, value, upper,
                "AUTHORISATION", success, date, reason, null);
        Map<String, Object> extra = new LinkedHashMap<>(additionalData);
        extra.put("hmacSignature", item.signBase64(target.secret()));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("additionalData", extra);
        fields.put("amount", Map.of("currency", upper, "value", value));
        fields.put("eventCode", "AUTHORISATION");
        fields.put("eventDate", date);
        fields.put("merchantAccountCode", merchantAccount);
        fields.put("merchantReference", reference);
        fields.put("pspReference", pspReference);
        if (reason != null) {
            fields.put("reason", reason);
        }
        fields.put("success", Boolean.toString(success));
        byte[] body = json.writeValueAsBytes(Map.of("live", "false",
                "notificationItems", List.of(Map.of("NotificationRequestItem", fields))));
        send(target, body, Map::of, 1);
    }

    private void send(Target target, byte[] body, java.util.function.Supplier<Map<String, String>> headers, int attempt) {
        sender.schedule(() -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url())).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json");
            headers.get().forEach(request::header);
            try {
                int status = http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 500 && attempt < 5) {
                    send(target, body, headers, attempt + 1);
                }
            } catch (IOException e) {
                if (attempt < 5) {
                    send(target, body, headers, attempt + 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, attempt == 1 ? 0 : 1000, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
