package dev.payrail.server.webhooks;

import dev.payrail.core.providers.DeclineCodes;
import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.ThreeDSecure;
import dev.payrail.server.providers.AuthenticationResults;
import dev.payrail.server.providers.NetworkTransactionIds;
import dev.payrail.server.providers.StripeCodes;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.core.disputes.DisputeStatus;
import dev.payrail.core.webhooks.AdyenNotification;
import dev.payrail.core.providers.PayoutProgress;
import dev.payrail.server.disputes.DisputeNotice;
import dev.payrail.server.disputes.FraudWarningNotice;
import dev.payrail.server.payouts.PayoutNotice;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

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
                result = new ProviderResult.Succeeded(intent, false, AuthenticationResults.stripe(object),
                        NetworkTransactionIds.stripe(object));
            }
            case "payment_intent.succeeded" -> {
                kind = "automatic".equals(object.path("capture_method").asString("")) ? OperationKind.AUTHORIZE
                        : OperationKind.CAPTURE;
                result = new ProviderResult.Succeeded(intent, true, AuthenticationResults.stripe(object),
                        NetworkTransactionIds.stripe(object));
            }
            case "payment_intent.processing" -> {
                // approved at the customer's bank, not settled yet: the payment is processing until the bank settles
                kind = OperationKind.AUTHORIZE;
                result = new ProviderResult.Pending(intent);
            }
            case "payment_intent.payment_failed" -> {
                kind = OperationKind.AUTHORIZE;
                JsonNode error = object.path("last_payment_error");
                String stripeCode = error.path("decline_code").asString(error.path("code").asString("card_declined"));
                // Stripe's failed authentication is Payrail's: the payment waits for another card instead of failing
                result = new ProviderResult.Declined(StripeCodes.payrail(stripeCode), error.path("message").asString("The card was declined."), intent,
                        stripeCode, AuthenticationResults.stripe(object));
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
                // stored and acknowledged only
            }
        }
        long created = event.path("created").asLong(0);
        if (type.startsWith("charge.dispute.") && "dispute".equals(objectType)) {
            return new InboundEvent(event.path("id").asString(), type, null, null, intent,
                    created > 0 ? Instant.ofEpochSecond(created) : null, payload, null, null,
                    stripeDispute(object, created > 0 ? Instant.ofEpochSecond(created) : null), null);
        }
        if (type.startsWith("radar.early_fraud_warning.") && "radar.early_fraud_warning".equals(objectType)) {
            long reported = object.path("created").asLong(0);
            FraudWarningNotice warning = new FraudWarningNotice(object.path("id").asString(), null, intent,
                    object.path("fraud_type").asString("misc"), object.path("actionable").asBoolean(true),
                    reported > 0 ? Instant.ofEpochSecond(reported) : null);
            return new InboundEvent(event.path("id").asString(), type, null, null, intent,
                    created > 0 ? Instant.ofEpochSecond(created) : null, payload, null, null, null, null, warning);
        }
        String operation = object.path("metadata").path("payrail_operation").asString(null);
        return new InboundEvent(event.path("id").asString(), type, paymentReference, operation, intent,
                created > 0 ? Instant.ofEpochSecond(created) : null, payload, kind, result);
    }

    /** Stripe's dispute statuses onto Payrail's: an inquiry closed without a chargeback counts as won. */
    private static DisputeNotice stripeDispute(JsonNode dispute, Instant eventTime) {
        DisputeStatus status = switch (dispute.path("status").asString("")) {
            case "warning_needs_response" -> DisputeStatus.WARNING_NEEDS_RESPONSE;
            case "warning_under_review", "under_review" -> DisputeStatus.UNDER_REVIEW;
            case "warning_closed", "won", "charge_refunded" -> DisputeStatus.WON;
            case "lost" -> DisputeStatus.LOST;
            default -> DisputeStatus.NEEDS_RESPONSE;
        };
        long dueBy = dispute.path("evidence_details").path("due_by").asLong(0);
        return new DisputeNotice(dispute.path("id").asString(), dispute.path("metadata").path("payrail_payment").asString(null),
                dispute.path("payment_intent").asString(null), dispute.path("amount").asLong(),
                dispute.path("currency").asString(""), status, dispute.path("reason").asString(null),
                dueBy > 0 ? Instant.ofEpochSecond(dueBy) : null, eventTime);
    }

    /** Adyen's additionalData keys that carry a 3-D Secure authentication value or its transaction ids. */
    private static final java.util.Set<String> AUTHENTICATION_VALUES = java.util.Set.of("cavv", "xid", "authenticationValue",
            "dsTransID", "threeDSServerTransID", "threeds2.threeDS2Result.authenticationValue");

    /** The item without those keys: what Payrail stores and reads, so no row can hold them. */
    static JsonNode withoutAuthenticationValues(JsonNode item) {
        JsonNode additional = item.path("additionalData");
        if (!additional.isObject() || AUTHENTICATION_VALUES.stream().noneMatch(additional::has)) {
            return item;
        }
        tools.jackson.databind.node.ObjectNode copy = (tools.jackson.databind.node.ObjectNode) item.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) copy.get("additionalData")).remove(AUTHENTICATION_VALUES);
        return copy;
    }

    static AdyenNotification adyenItem(JsonNode item) {
        JsonNode amount = item.path("amount");
        return new AdyenNotification(text(item, "pspReference"), text(item, "originalReference"),
                text(item, "merchantAccountCode"), text(item, "merchantReference"), amount.path("value").asLong(0),
                amount.path("currency").asString(null), text(item, "eventCode"),
                "true".equalsIgnoreCase(item.path("success").asString("")), text(item, "eventDate"),
                text(item, "reason"), item.path("additionalData").path("hmacSignature").asString(null));
    }

    static InboundEvent adyen(AdyenNotification n, JsonNode item, String payload) {
        String authorization = n.originalReference() != null ? n.originalReference() : n.pspReference();
        Optional<DisputeStatus> disputeStatus = adyenDisputeStatus(n.eventCode(), n.success());
        if (disputeStatus.isPresent()) {
            // Adyen's dispute notifications carry the payment's pspReference as originalReference (or as
            // pspReference itself) and Payrail's payment id as merchantReference; one dispute per payment.
            DisputeNotice dispute = new DisputeNotice(authorization + ":dispute", n.merchantReference(), authorization,
                    n.value(), n.currency(), disputeStatus.get(), n.reason(), null, time(n.eventDate()));
            return new InboundEvent(n.eventId(), n.eventCode(), n.merchantReference(), null, authorization,
                    time(n.eventDate()), payload, null, null, dispute, null);
        }
        if ("NOTIFICATION_OF_FRAUD".equals(n.eventCode()) && n.success()) {
            // the issuer's fraud report: its own pspReference, the payment's as originalReference, the fraud type as reason
            FraudWarningNotice warning = new FraudWarningNotice(n.pspReference(), n.merchantReference(), authorization,
                    n.reason() == null ? "misc" : n.reason(), true, time(n.eventDate()));
            return new InboundEvent(n.eventId(), n.eventCode(), n.merchantReference(), null, authorization,
                    time(n.eventDate()), payload, null, null, null, null, warning);
        }
        Optional<PayoutNotice> payout = adyenPayout(n);
        if (payout.isPresent()) {
            return new InboundEvent(n.eventId(), n.eventCode(), null, n.merchantReference(), n.pspReference(),
                    time(n.eventDate()), payload, null, null, null, payout.get());
        }
        OperationKind kind = switch (n.eventCode()) {
            case "AUTHORISATION" -> OperationKind.AUTHORIZE;
            case "CAPTURE" -> OperationKind.CAPTURE;
            case "CANCELLATION" -> OperationKind.CANCEL;
            case "REFUND" -> OperationKind.REFUND;
            default -> null;
        };
        // an AUTHORISATION after a challenge says what the authentication established; a refusal for it is Payrail's
        // authentication_failed (the payment may be paid with another card), any other is a plain refusal
        ThreeDSecure threeDSecure = kind == OperationKind.AUTHORIZE ? AuthenticationResults.adyen(item.path("additionalData")) : null;
        String refusal = "3D Not Authenticated".equals(n.reason()) ? DeclineCodes.AUTHENTICATION_FAILED
                : "Authentication required".equals(n.reason()) ? DeclineCodes.AUTHENTICATION_REQUIRED : "refused";
        ProviderResult result = kind == null ? null : n.success()
                ? new ProviderResult.Succeeded(n.pspReference(), kind == OperationKind.CAPTURE, threeDSecure,
                        kind == OperationKind.AUTHORIZE ? NetworkTransactionIds.adyen(item.path("additionalData")) : null)
                : new ProviderResult.Declined(refusal, n.reason() == null ? "Refused" : n.reason(), n.pspReference(),
                        n.reason() == null ? "refused" : n.reason(), threeDSecure);
        // Payrail sends its operation id as the reference of captures, cancels and refunds; Adyen echoes it
        // as merchantReference. Authorizations carry the payment id.
        boolean modification = n.merchantReference() != null && n.merchantReference().startsWith("op_");
        return new InboundEvent(n.eventId(), n.eventCode(), modification ? null : n.merchantReference(),
                modification ? n.merchantReference() : null, authorization, time(n.eventDate()), payload, kind, result);
    }

    /** Adyen's payout outcomes: paid out, declined, or paid out and then returned by the bank. */
    private static Optional<PayoutNotice> adyenPayout(AdyenNotification n) {
        return Optional.ofNullable(switch (n.eventCode()) {
            case "PAYOUT_THIRDPARTY" -> n.success()
                    ? new PayoutNotice(n.merchantReference(), n.pspReference(), PayoutProgress.Stage.PAID, null)
                    : new PayoutNotice(n.merchantReference(), n.pspReference(), PayoutProgress.Stage.FAILED, "payout_declined");
            case "PAYOUT_DECLINE" -> new PayoutNotice(n.merchantReference(), n.pspReference(), PayoutProgress.Stage.FAILED,
                    "payout_declined");
            case "PAIDOUT_REVERSED" -> new PayoutNotice(n.merchantReference(), n.pspReference(), PayoutProgress.Stage.FAILED,
                    "payout_returned");
            default -> null;
        });
    }

    /** Adyen's dispute event codes onto Payrail's statuses; empty for other codes (and unsuccessful ones). */
    private static Optional<DisputeStatus> adyenDisputeStatus(String eventCode, boolean success) {
        if (!success) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (eventCode) {
            case "REQUEST_FOR_INFORMATION" -> DisputeStatus.WARNING_NEEDS_RESPONSE;
            case "NOTIFICATION_OF_CHARGEBACK", "CHARGEBACK", "PREARBITRATION_OPEN" -> DisputeStatus.NEEDS_RESPONSE;
            case "INFORMATION_SUPPLIED" -> DisputeStatus.UNDER_REVIEW;
            case "CHARGEBACK_REVERSED", "PREARBITRATION_WON" -> DisputeStatus.WON;
            case "SECOND_CHARGEBACK", "PREARBITRATION_LOST" -> DisputeStatus.LOST;
            default -> null;
        });
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
