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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Disputes raised by the simulated issuer, reported the way each provider reports them: a signed Stripe
 * {@code charge.dispute.*} event, or a signed Adyen notification (REQUEST_FOR_INFORMATION,
 * NOTIFICATION_OF_CHARGEBACK, INFORMATION_SUPPLIED, CHARGEBACK_REVERSED, SECOND_CHARGEBACK), POSTed to the
 * webhook URL given when the dispute is opened.
 *
 * <pre>
 * POST /sim/disputes       {"face": "stripe|adyen", "payment": "pi_...|psp", "merchant_reference": "pay_...",
 *                           "amount": 1000, "currency": "usd", "status": "needs_response|warning_needs_response",
 *                           "webhook_url": "http://...", "webhook_secret": "whsec_...|hex HMAC key"}
 * POST /sim/disputes/{id}  {"status": "under_review|won|lost"}
 * </pre>
 */
final class SimDisputes {
    private record Dispute(String id, String face, String payment, String merchantReference, long amount, String currency,
                           String webhookUrl, String secret) {
    }

    private final Acquirer acquirer;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Dispute> disputes = new ConcurrentHashMap<>();

    private final TraceContexts traces;

    private static final String DISPUTE = "dispute";

    SimDisputes(Acquirer acquirer, JsonMapper json, TraceContexts traces) {
        this.acquirer = acquirer;
        this.json = json;
        this.traces = traces;
        acquirer.journal().loaded(DISPUTE, Dispute.class).forEach(dispute -> disputes.put(dispute.id(), dispute));
    }

    SimResponse open(Map<String, Object> request) {
        Object face = request.get("face");
        if (!(face instanceof String f) || !List.of("stripe", "adyen").contains(f)
                || !(request.get("payment") instanceof String payment)
                || !(request.get("amount") instanceof Number amount) || amount.longValue() <= 0
                || !(request.get("currency") instanceof String currency)
                || !(request.get("webhook_url") instanceof String url) || !(request.get("webhook_secret") instanceof String secret)) {
            return SimResponse.error(400, "invalid_request", "parameter_invalid",
                    "face, payment, amount, currency, webhook_url and webhook_secret are required");
        }
        String status = (String) request.getOrDefault("status", "needs_response");
        Dispute dispute = new Dispute(acquirer.nextId("dp"), f, payment, (String) request.get("merchant_reference"),
                amount.longValue(), currency, url, secret);
        disputes.put(dispute.id(), dispute);
        acquirer.journal().write(DISPUTE, dispute);
        return report(dispute, status, true);
    }

    SimResponse update(String id, Map<String, Object> request) {
        Dispute dispute = disputes.get(id);
        if (dispute == null) {
            return SimResponse.error(404, "invalid_request", "resource_missing", "no such dispute");
        }
        if (!(request.get("status") instanceof String status)) {
            return SimResponse.error(400, "invalid_request", "parameter_invalid", "status is required");
        }
        return report(dispute, status, false);
    }

    private SimResponse report(Dispute dispute, String status, boolean first) {
        byte[] body;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(dispute.webhookUrl())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        String traceparent = traces.of(dispute.payment());
        if (traceparent != null) {
            request.header("traceparent", traceparent);      // the trace of the payment this dispute is about
        }
        if ("stripe".equals(dispute.face())) {
            body = stripeEvent(dispute, status, first);
            request.header("Stripe-Signature", StripeSignature.header(dispute.secret(), Instant.now().getEpochSecond(), body));
        } else {
            String code = switch (status) {
                case "warning_needs_response" -> "REQUEST_FOR_INFORMATION";
                case "under_review" -> "INFORMATION_SUPPLIED";
                case "won" -> "CHARGEBACK_REVERSED";
                case "lost" -> "SECOND_CHARGEBACK";
                default -> "NOTIFICATION_OF_CHARGEBACK";
            };
            body = adyenNotification(dispute, code);
        }
        int answered;
        try {
            answered = http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            answered = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answered = 0;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", dispute.id());
        answer.put("object", "sim_dispute");
        answer.put("status", status);
        answer.put("webhook_status", answered);
        return SimResponse.ok(answer);
    }

    private byte[] stripeEvent(Dispute dispute, String status, boolean first) {
        boolean closed = "won".equals(status) || "lost".equals(status);
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", dispute.id());
        object.put("object", "dispute");
        object.put("amount", dispute.amount());
        object.put("currency", dispute.currency());
        object.put("payment_intent", dispute.payment());
        object.put("reason", "fraudulent");
        object.put("status", status);
        object.put("evidence_details", Map.of("due_by", Instant.now().plus(Duration.ofDays(7)).getEpochSecond(),
                "has_evidence", false, "past_due", false, "submission_count", 0));
        object.put("metadata", Map.of());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", acquirer.nextId("evt"));
        event.put("object", "event");
        event.put("type", first ? "charge.dispute.created" : closed ? "charge.dispute.closed" : "charge.dispute.updated");
        event.put("created", Instant.now().getEpochSecond());
        event.put("data", Map.of("object", object));
        return json.writeValueAsBytes(event);
    }

    private byte[] adyenNotification(Dispute dispute, String code) {
        String date = OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString();
        String currency = dispute.currency().toUpperCase(java.util.Locale.ROOT);
        AdyenNotification item = new AdyenNotification(dispute.payment(), null, "PayrailECOM", dispute.merchantReference(),
                dispute.amount(), currency, code, true, date, "Fraud", null);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("additionalData", Map.of("hmacSignature", item.signBase64(dispute.secret())));
        fields.put("amount", Map.of("currency", currency, "value", dispute.amount()));
        fields.put("eventCode", code);
        fields.put("eventDate", date);
        fields.put("merchantAccountCode", "PayrailECOM");
        fields.put("merchantReference", dispute.merchantReference());
        fields.put("pspReference", dispute.payment());
        fields.put("reason", "Fraud");
        fields.put("success", "true");
        return json.writeValueAsBytes(Map.of("live", "false",
                "notificationItems", List.of(Map.of("NotificationRequestItem", fields))));
    }
}
