package dev.payrail.sim;

import dev.payrail.core.webhooks.AdyenNotification;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * Adyen's Payout API v68 ({@code POST /pal/servlet/Payout/v68/submitThirdParty}): a payout to stored payout
 * details ({@code selectedRecurringDetailReference}, here a bank account token {@code ba_...}). Adyen answers
 * {@code [payout-submit-received]} and reports the outcome only by notification: after the payout's travel
 * time the simulator POSTs a signed {@code PAYOUT_THIRDPARTY} (paid) or {@code PAIDOUT_REVERSED} (returned,
 * for {@code ba_closed...}) to the webhook target, if one is set. {@code ba_invalid...} is refused at once.
 */
final class AdyenPayouts implements AutoCloseable {
    static final String PREFIX = "/pal/servlet/Payout/v68";

    /** Where notifications go, and the HMAC key (hex) they are signed with. */
    record WebhookTarget(String url, String hmacKey) {
    }

    private final Acquirer acquirer;
    private final SimulatorSettings settings;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService notifier = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sim-adyen-payout-notifier");
        thread.setDaemon(true);
        return thread;
    });
    private volatile WebhookTarget target;

    AdyenPayouts(Acquirer acquirer, SimulatorSettings settings, JsonMapper json) {
        this.acquirer = acquirer;
        this.settings = settings;
        this.json = json;
    }

    static boolean handles(String path) {
        return path.startsWith(PREFIX + "/");
    }

    void notifyTo(WebhookTarget newTarget) {
        this.target = newTarget;
    }

    @SuppressWarnings("unchecked")
    SimResponse post(String path, String idempotencyKey, String apiKey, Map<String, Object> request) {
        if (apiKey == null || apiKey.isBlank()) {
            return AdyenFace.serviceError(401, "000", "HTTP Status Response - Unauthorized", "security");
        }
        if (!(PREFIX + "/submitThirdParty").equals(path)) {
            return AdyenFace.serviceError(404, "000", "Unknown payout operation " + path, "validation");
        }
        Map<String, Object> amount = request.get("amount") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Object recurring = request.get("recurring");
        if (!(amount.get("value") instanceof Number value) || value.longValue() <= 0
                || !(amount.get("currency") instanceof String currency)
                || !(request.get("merchantAccount") instanceof String merchantAccount)
                || !(request.get("reference") instanceof String reference)
                || !(request.get("selectedRecurringDetailReference") instanceof String detail)
                || !(recurring instanceof Map<?, ?> r && "PAYOUT".equals(r.get("contract")))
                || !(request.get("shopperReference") instanceof String)
                || !(request.get("shopperEmail") instanceof String)) {
            return AdyenFace.serviceError(422, "702", "Required field missing or invalid", "validation");
        }
        return acquirer.keyed("adyen", idempotencyKey, "payout", () -> {
            if (detail.startsWith("ba_invalid")) {
                return AdyenFace.serviceError(422, "803", "PaymentDetail not found", "validation");
            }
            String psp = pspReference();
            boolean returned = detail.startsWith("ba_closed");
            notifier.schedule(() -> notifyOutcome(psp, merchantAccount, reference, value.longValue(), currency,
                            returned ? "PAIDOUT_REVERSED" : "PAYOUT_THIRDPARTY", 1),
                    settings.payoutArrival().toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("pspReference", psp);
            answer.put("resultCode", "[payout-submit-received]");
            return SimResponse.ok(answer);
        });
    }

    private void notifyOutcome(String psp, String merchantAccount, String reference, long value, String currency, String code,
                               int attempt) {
        WebhookTarget current = target;
        if (current == null) {
            return;
        }
        String date = OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString();
        String upper = currency.toUpperCase(Locale.ROOT);
        AdyenNotification item = new AdyenNotification(psp, null, merchantAccount, reference, value, upper, code, true,
                date, null, null);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("additionalData", Map.of("hmacSignature", item.signBase64(current.hmacKey())));
        fields.put("amount", Map.of("currency", upper, "value", value));
        fields.put("eventCode", code);
        fields.put("eventDate", date);
        fields.put("merchantAccountCode", merchantAccount);
        fields.put("merchantReference", reference);
        fields.put("pspReference", psp);
        fields.put("success", "true");
        byte[] body = json.writeValueAsBytes(Map.of("live", "false",
                "notificationItems", List.of(Map.of("NotificationRequestItem", fields))));
        try {
            http.send(HttpRequest.newBuilder(URI.create(current.url())).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // Adyen retries undelivered notifications; the simulator tries five times, a second apart
            if (attempt < 5) {
                notifier.schedule(() -> notifyOutcome(psp, merchantAccount, reference, value, currency, code, attempt + 1),
                        1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String pspReference() {
        return acquirer.nextId("simpayout");
    }

    @Override
    public void close() {
        notifier.shutdownNow();
    }
}
