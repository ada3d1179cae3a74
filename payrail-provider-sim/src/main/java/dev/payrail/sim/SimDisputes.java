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
import java.util.Optional;
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
 * POST /sim/early_fraud_warnings  {"face", "payment", "merchant_reference", "amount", "currency", "webhook_url",
 *                           "webhook_secret", "fraud_type": "made_with_stolen_card|unauthorized_use_of_card|..."}
 * </pre>
 * An early fraud warning is the issuer's fraud report (Visa TC40, Mastercard SAFE) that often comes weeks before a
 * chargeback: Stripe sends {@code radar.early_fraud_warning.created}, Adyen a NOTIFICATION_OF_FRAUD item whose
 * originalReference is the payment's pspReference.
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
        Optional<Dispute> reported = reportedOn(request, "dp");
        if (reported.isEmpty()) {
            return missingFields();
        }
        String status = (String) request.getOrDefault("status", "needs_response");
        Dispute dispute = reported.get();
        disputes.put(dispute.id(), dispute);
        acquirer.journal().write(DISPUTE, dispute);
        return report(dispute, status, true);
    }

    /** What a report is about, from the control request (a new id with {@code idPrefix}); empty when a field is missing. */
    private Optional<Dispute> reportedOn(Map<String, Object> request, String idPrefix) {
        if (!(request.get("face") instanceof String face) || !List.of("stripe", "adyen").contains(face)
                || !(request.get("payment") instanceof String payment)
                || !(request.get("amount") instanceof Number amount) || amount.longValue() <= 0
                || !(request.get("currency") instanceof String currency)
                || !(request.get("webhook_url") instanceof String url) || !(request.get("webhook_secret") instanceof String secret)) {
            return Optional.empty();
        }
        return Optional.of(new Dispute(acquirer.nextId(idPrefix), face, payment, (String) request.get("merchant_reference"),
                amount.longValue(), currency, url, secret));
    }

    private static SimResponse missingFields() {
        return SimResponse.error(400, "invalid_request", "parameter_invalid",
                "face, payment, amount, currency, webhook_url and webhook_secret are required");
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

    /** The issuer reports fraud on a payment: the warning's webhook, no dispute (yet). */
    SimResponse warn(Map<String, Object> request) {
        Optional<Dispute> reported = reportedOn(request, "issfr");
        if (reported.isEmpty()) {
            return missingFields();
        }
        String fraudType = (String) request.getOrDefault("fraud_type", "made_with_stolen_card");
        Dispute about = reported.get();
        String id = about.id();
        String payment = about.payment();
        byte[] body;
        if ("stripe".equals(about.face())) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("id", id);
            object.put("object", "radar.early_fraud_warning");
            object.put("actionable", true);
            object.put("charge", "ch_" + payment.substring(payment.indexOf('_') + 1));
            object.put("created", Instant.now().getEpochSecond());
            object.put("fraud_type", fraudType);
            object.put("livemode", false);
            object.put("payment_intent", payment);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("id", acquirer.nextId("evt"));
            event.put("object", "event");
            event.put("type", "radar.early_fraud_warning.created");
            event.put("created", Instant.now().getEpochSecond());
            event.put("data", Map.of("object", object));
            body = json.writeValueAsBytes(event);
        } else {
            body = adyenNotification(about, "NOTIFICATION_OF_FRAUD", id, fraudType);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("object", "sim_early_fraud_warning");
        answer.put("webhook_status", send(about, body));
        return SimResponse.ok(answer);
    }

    private SimResponse report(Dispute dispute, String status, boolean first) {
        byte[] body;
        if ("stripe".equals(dispute.face())) {
            body = stripeEvent(dispute, status, first);
        } else {
            String code = switch (status) {
                case "warning_needs_response" -> "REQUEST_FOR_INFORMATION";
                case "under_review" -> "INFORMATION_SUPPLIED";
                case "won" -> "CHARGEBACK_REVERSED";
                case "lost" -> "SECOND_CHARGEBACK";
                default -> "NOTIFICATION_OF_CHARGEBACK";
            };
            body = adyenNotification(dispute, code, null, "Fraud");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", dispute.id());
        answer.put("object", "sim_dispute");
        answer.put("status", status);
        answer.put("webhook_status", send(dispute, body));
        return SimResponse.ok(answer);
    }

    /** POSTs a report about {@code dispute}'s payment, signed as its face signs; the status Payrail answered, 0 if none. */
    private int send(Dispute dispute, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(dispute.webhookUrl())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        String traceparent = traces.of(dispute.payment());
        if (traceparent != null) {
            request.header("traceparent", traceparent);      // the trace of the payment this report is about
        }
        if ("stripe".equals(dispute.face())) {
            request.header("Stripe-Signature", StripeSignature.header(dispute.secret(), Instant.now().getEpochSecond(), body));
        }
        try {
            return http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
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

    /**
     * An Adyen notification item about {@code dispute}'s payment: a dispute's carries the payment's pspReference as its
     * own; a fraud notification has its own pspReference ({@code ownReference}) and the payment's as originalReference.
     */
    private byte[] adyenNotification(Dispute dispute, String code, String ownReference, String reason) {
        String date = OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString();
        String currency = dispute.currency().toUpperCase(java.util.Locale.ROOT);
        String pspReference = ownReference == null ? dispute.payment() : ownReference;
        String originalReference = ownReference == null ? null : dispute.payment();
        AdyenNotification item = new AdyenNotification(pspReference, originalReference, "PayrailECOM", dispute.merchantReference(),
                dispute.amount(), currency, code, true, date, reason, null);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("additionalData", Map.of("hmacSignature", item.signBase64(dispute.secret())));
        fields.put("amount", Map.of("currency", currency, "value", dispute.amount()));
        fields.put("eventCode", code);
        fields.put("eventDate", date);
        fields.put("merchantAccountCode", "PayrailECOM");
        fields.put("merchantReference", dispute.merchantReference());
        if (originalReference != null) {
            fields.put("originalReference", originalReference);
        }
        fields.put("pspReference", pspReference);
        fields.put("reason", reason);
        fields.put("success", "true");
        return json.writeValueAsBytes(Map.of("live", "false",
                "notificationItems", List.of(Map.of("NotificationRequestItem", fields))));
    }
}
