package dev.payrail.server.webhooks;

import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.core.webhooks.AdyenNotification;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads Stripe events and Adyen notification items into {@link InboundEvent}s. */
final class WebhookFormats {
    private WebhookFormats() {
    }

    static InboundEvent stripe(JsonNode event, String payload) {
        JsonNode object = event.path("data").path("object");
        String type = event.path("type").asString("");
        String objectType = object.path("object").asString("");
        String paymentReference = object.path("metadata").path("payrail_payment").asString(null);
        String intent = "payment_intent".equals(objectType) ? object.path("id").asString(null)
                : object.path("payment_intent").asString(null);
        OperationKind kind = null;
        ProviderResult result = null;
        switch (type) {
            case "payment_intent.amount_capturable_updated" -> {
                kind = OperationKind.AUTHORIZE;
                result = new ProviderResult.Succeeded(intent, false);
            }
            case "payment_intent.succeeded" -> {
                kind = "automatic".equals(object.path("capture_method").asString("")) ? OperationKind.AUTHORIZE
                        : OperationKind.CAPTURE;
                result = new ProviderResult.Succeeded(intent, true);
            }
            case "payment_intent.payment_failed" -> {
                kind = OperationKind.AUTHORIZE;
                JsonNode error = object.path("last_payment_error");
                result = new ProviderResult.Declined(error.path("decline_code").asString(error.path("code").asString("card_declined")),
                        error.path("message").asString("The card was declined."), intent);
            }
            case "payment_intent.canceled" -> {
                kind = OperationKind.CANCEL;
                result = new ProviderResult.Succeeded(intent, false);
            }
            case "refund.created", "refund.updated", "refund.failed", "charge.refund.updated" -> {
                // A refund settles when Stripe says so; "pending" and "requires_action" change nothing yet.
                String status = object.path("status").asString("");
                if ("succeeded".equals(status)) {
                    kind = OperationKind.REFUND;
                    result = new ProviderResult.Succeeded(object.path("id").asString(null), false);
                } else if ("failed".equals(status) || "canceled".equals(status)) {
                    kind = OperationKind.REFUND;
                    String reason = object.path("failure_reason").asString("refund_" + status);
                    result = new ProviderResult.Declined(reason, "Stripe reports the refund " + status + ": " + reason,
                            object.path("id").asString(null));
                }
            }
            default -> {
                // stored and acknowledged; disputes are applied with the ledger (issue 5)
            }
        }
        long created = event.path("created").asLong(0);
        String operation = object.path("metadata").path("payrail_operation").asString(null);
        return new InboundEvent(event.path("id").asString(), type, paymentReference, operation, intent,
                created > 0 ? Instant.ofEpochSecond(created) : null, payload, kind, result);
    }

    static AdyenNotification adyenItem(JsonNode item) {
        JsonNode amount = item.path("amount");
        return new AdyenNotification(text(item, "pspReference"), text(item, "originalReference"),
                text(item, "merchantAccountCode"), text(item, "merchantReference"), amount.path("value").asLong(0),
                amount.path("currency").asString(null), text(item, "eventCode"),
                "true".equalsIgnoreCase(item.path("success").asString("")), text(item, "eventDate"),
                text(item, "reason"), item.path("additionalData").path("hmacSignature").asString(null));
    }

    static InboundEvent adyen(AdyenNotification n, String payload) {
        String authorization = n.originalReference() != null ? n.originalReference() : n.pspReference();
        OperationKind kind = switch (n.eventCode()) {
            case "AUTHORISATION" -> OperationKind.AUTHORIZE;
            case "CAPTURE" -> OperationKind.CAPTURE;
            case "CANCELLATION" -> OperationKind.CANCEL;
            case "REFUND" -> OperationKind.REFUND;
            default -> null;
        };
        ProviderResult result = kind == null ? null : n.success()
                ? new ProviderResult.Succeeded(n.pspReference(), kind == OperationKind.CAPTURE)
                : new ProviderResult.Declined("refused", n.reason() == null ? "Refused" : n.reason(), n.pspReference());
        // Payrail sends its operation id as the reference of captures, cancels and refunds; Adyen echoes it
        // as merchantReference. Authorizations carry the payment id.
        boolean modification = n.merchantReference() != null && n.merchantReference().startsWith("op_");
        return new InboundEvent(n.eventId(), n.eventCode(), modification ? null : n.merchantReference(),
                modification ? n.merchantReference() : null, authorization, time(n.eventDate()), payload, kind, result);
    }

    private static Instant time(String eventDate) {
        try {
            return eventDate == null ? null : OffsetDateTime.parse(eventDate).toInstant();
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isMissingNode() || node.path(field).isNull() ? null : node.path(field).asString();
    }
}
