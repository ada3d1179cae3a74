package dev.payrail.server.webhooks;

import dev.payrail.core.webhooks.AdyenNotification;
import dev.payrail.core.webhooks.SignatureCheck;
import dev.payrail.core.webhooks.StripeSignature;
import dev.payrail.server.PayrailProperties;
import dev.payrail.server.api.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import dev.payrail.server.ops.TraceHeaders;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where providers post their webhooks. The signature is checked exactly as the provider defines it before
 * anything is read into Payrail; a refused webhook is a 400, counted by reason, and leaves no trace. An
 * accepted one is stored in the inbox (a duplicate is acknowledged and dropped) and answered at once; the
 * worker applies it.
 */
@RestController
public class ProviderWebhookController {
    private static final Logger log = LoggerFactory.getLogger(ProviderWebhookController.class);

    private final PayrailProperties properties;
    private final ProviderEventStore inbox;
    private final TraceHeaders traces;
    private final JsonMapper json;
    private final MeterRegistry meters;

    ProviderWebhookController(PayrailProperties properties, ProviderEventStore inbox, JsonMapper json, MeterRegistry meters,
                              TraceHeaders traces) {
        this.traces = traces;
        this.properties = properties;
        this.inbox = inbox;
        this.json = json;
        this.meters = meters;
    }

    @Operation(operationId = "receiveProviderWebhook", summary = "Stripe events or Adyen notifications, signed by the provider")
    @PostMapping("/v1/provider-webhooks/{provider}")
    public ResponseEntity<Object> receive(@PathVariable String provider,
                                          @Parameter(hidden = true) @RequestHeader(value = "Stripe-Signature", required = false) String stripeSignature,
                                          @Parameter(hidden = true) @RequestBody(required = false) byte[] body) {
        PayrailProperties.Provider settings = properties.providers().get(provider);
        if (settings == null) {
            throw ApiException.notFound("provider", provider);
        }
        byte[] payload = body == null ? new byte[0] : body;
        List<InboundEvent> events = switch (String.valueOf(settings.type())) {
            case "stripe" -> stripe(provider, settings, stripeSignature, payload);
            case "adyen" -> adyen(provider, settings, payload);
            default -> throw ApiException.invalid("webhook_unsupported", "provider", provider + " does not send webhooks.");
        };
        meters.counter("payrail.webhooks.received", "provider", provider).increment(events.size());
        for (InboundEvent event : events) {
            // the provider's trace context, if it sent one, continues into the worker that applies the event
            if (!inbox.store(provider, event, traces.current())) {
                meters.counter("payrail.webhooks.duplicates", "provider", provider).increment();
            }
        }
        Object answer = "adyen".equals(settings.type()) ? "[accepted]" : Map.of("received", true);
        return ResponseEntity.ok(answer);
    }

    private List<InboundEvent> stripe(String provider, PayrailProperties.Provider settings, String signature, byte[] payload) {
        SignatureCheck check = StripeSignature.verify(signature, payload, settings.webhookSecrets(), Instant.now(),
                settings.webhookTolerance());
        refuseUnless(provider, check);
        JsonNode event = parse(provider, payload);
        if (!event.path("id").isString() || !event.path("type").isString()) {
            throw refused(provider, "malformed", "A Stripe event needs an id and a type.");
        }
        return List.of(WebhookFormats.stripe(event, new String(payload, StandardCharsets.UTF_8)));
    }

    private List<InboundEvent> adyen(String provider, PayrailProperties.Provider settings, byte[] payload) {
        JsonNode request = parse(provider, payload);
        List<InboundEvent> events = new ArrayList<>();
        for (JsonNode wrapper : request.path("notificationItems")) {
            JsonNode item = wrapper.path("NotificationRequestItem");
            AdyenNotification notification = WebhookFormats.adyenItem(item);
            // One bad item refuses the whole batch: Adyen resends it, and nothing half-applied is left behind.
            refuseUnless(provider, notification.verify(settings.webhookSecrets()));
            // verified as received; stored without the 3-D Secure authentication value Adyen sends along (never kept)
            JsonNode kept = WebhookFormats.withoutAuthenticationValues(item);
            events.add(WebhookFormats.adyen(notification, kept, json.writeValueAsString(kept)));
        }
        if (events.isEmpty()) {
            throw refused(provider, "malformed", "An Adyen notification needs notificationItems.");
        }
        return events;
    }

    private void refuseUnless(String provider, SignatureCheck check) {
        if (!check.valid()) {
            throw refused(provider, check.reason(), "The webhook signature is " + check.reason() + ".");
        }
    }

    private JsonNode parse(String provider, byte[] payload) {
        try {
            JsonNode node = json.readTree(payload);
            if (node == null || !node.isObject()) {
                throw refused(provider, "malformed", "The webhook body must be a JSON object.");
            }
            return node;
        } catch (JacksonException malformed) {
            throw refused(provider, "malformed", "The webhook body is not JSON.");
        }
    }

    private ApiException refused(String provider, String reason, String message) {
        meters.counter("payrail.webhooks.rejected", "provider", provider, "reason", reason).increment();
        log.warn("refused a {} webhook: {}", provider, reason);
        return ApiException.invalid("webhook_signature_" + reason, null, message);
    }
}
