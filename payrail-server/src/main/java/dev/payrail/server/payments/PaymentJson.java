package dev.payrail.server.payments;

import java.util.LinkedHashMap;
import java.util.Map;

/** The API's JSON shapes of payments, refunds and timeline entries (lists are api.ListPage). */
final class PaymentJson {
    private PaymentJson() {
    }

    static Map<String, Object> payment(Payment p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", p.id);
        json.put("object", "payment");
        json.put("livemode", false);
        json.put("created", p.created.getEpochSecond());
        json.put("amount", p.state.amount().minorUnits());
        json.put("currency", p.state.amount().currency().wireName());
        json.put("status", p.state.status().wireName());
        json.put("capture_method", p.captureMethod);
        json.put("amount_capturable", p.state.capturable().minorUnits());
        json.put("amount_received", p.state.captured().minorUnits());
        json.put("amount_refunded", p.state.refunded().minorUnits());
        json.put("amount_refund_pending", p.state.refundPending().minorUnits());
        json.put("amount_returned", p.amountReturned);
        json.put("returned_at", p.returnedAt == null ? null : p.returnedAt.getEpochSecond());
        json.put("return_reason", p.returnReason);
        json.put("description", p.description);
        json.put("merchant_reference", p.merchantReference);
        json.put("metadata", p.metadata);
        json.put("customer", p.customerId);
        json.put("payment_method", p.paymentMethodId);
        json.put("payment_method_details", methodDetails(p, p.networkTransactionId));
        json.put("setup_future_usage", p.setupFutureUsage);
        json.put("off_session", p.offSession);
        json.put("payment_method_options", Map.of("card", Map.of("request_three_d_secure", p.requestThreeDSecure)));
        json.put("return_url", p.returnUrl);
        json.put("next_action", p.nextActionUrl == null ? null : dev.payrail.server.api.ReturnUrls.redirectAction(p.nextActionUrl, p.returnUrl));
        json.put("provider", p.provider);
        json.put("routing_rule", p.routingRule);
        json.put("provider_reference", p.providerReference);
        json.put("outcome_unknown", p.outcomeUnknown);
        json.put("operation_in_progress", p.operationInFlight);
        json.put("failure_code", p.failureCode);
        json.put("failure_message", p.failureMessage);
        json.put("last_payment_error", p.failureCode == null ? null : lastPaymentError(p));
        json.put("cancellation_reason", p.cancellationReason);
        json.put("retries", p.smartRetries ? retries(p) : null);
        json.put("outcome", p.riskOutcome == null ? null : p.riskOutcome.toJson());
        json.put("review", p.reviewId);
        json.put("authorized_at", p.authorizedAt == null ? null : p.authorizedAt.getEpochSecond());
        return json;
    }

    /** The payment as the merchant's server reads it: with the client secret its page hands the browser. */
    static Map<String, Object> answer(Payment p, String clientSecret) {
        Map<String, Object> json = payment(p);
        Map<String, Object> answer = new LinkedHashMap<>();
        json.forEach((name, value) -> {
            answer.put(name, value);
            if (name.equals("status")) {
                answer.put("client_secret", clientSecret);
            }
        });
        return answer;
    }

    /**
     * What the customer's browser may read of the payment it pays, holding a publishable key and the client secret:
     * what it needs to show the outcome or send the customer on, never the merchant's own data (metadata, references,
     * provider, routing).
     */
    static Map<String, Object> forBrowser(Payment p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", p.id);
        json.put("object", "payment");
        json.put("livemode", false);
        json.put("amount", p.state.amount().minorUnits());
        json.put("currency", p.state.amount().currency().wireName());
        json.put("status", p.state.status().wireName());
        json.put("description", p.description);
        json.put("payment_method_details", methodDetails(p, null));
        json.put("next_action", p.nextActionUrl == null ? null : dev.payrail.server.api.ReturnUrls.redirectAction(p.nextActionUrl, p.returnUrl));
        json.put("last_payment_error", p.failureCode == null ? null : PaymentCommands.BLOCKED.equals(p.failureCode)
                ? Map.of("type", "card_error", "code", "card_declined", "message", "Your card was declined.")
                : lastPaymentError(p));      // the browser is not told that risk rules refused it, nor which
        return json;
    }

    /** Why the last attempt failed, in words a customer may read: the same code and message as the failure fields. */
    /**
     * A smart-retry schedule: attempts made (the first included), when the next is due (null: none waits), and why it
     * ended (null: it has not; {@code succeeded}, {@code hard_decline}, {@code attempts_exhausted}, ...).
     */
    private static Map<String, Object> retries(Payment p) {
        Map<String, Object> retries = new LinkedHashMap<>();
        retries.put("attempts", p.retryAttempts);
        retries.put("next_attempt_at", p.nextRetryAt == null ? null : p.nextRetryAt.getEpochSecond());
        retries.put("ended", p.retryStopReason);
        return retries;
    }

    private static Map<String, Object> lastPaymentError(Payment p) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", p.bank != null ? "bank_error" : "card_error");
        error.put("code", p.failureCode);
        error.put("message", p.failureMessage);
        return error;
    }

    private static Map<String, Object> cardDetails(Payment.CardSummary card, dev.payrail.core.providers.ThreeDSecure threeDSecure,
                                                   String networkTransactionId) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("brand", card.brand());
        details.put("last4", card.last4());
        details.put("exp_month", card.expMonth());
        details.put("exp_year", card.expYear());
        details.put("three_d_secure", threeDSecure == null ? null : threeDSecure.toJson());
        details.put("network_transaction_id", networkTransactionId);
        return details("card", details, null, null);
    }

    /** What the payment is paid with: a card, the customer's bank (a redirect), or a bank debit; null before any. */
    private static Map<String, Object> methodDetails(Payment p, String networkTransactionId) {
        if (p.bank != null) {
            return details("bank_redirect", null, Map.of("bank", p.bank), null);
        }
        if (p.mandateId != null) {
            Map<String, Object> debit = new LinkedHashMap<>();
            debit.put("country", p.debitCountry);
            debit.put("last4", p.debitLast4);
            debit.put("mandate", p.mandateId);
            return details("sepa_debit", null, null, debit);
        }
        return p.card == null ? null : cardDetails(p.card, p.threeDSecure, networkTransactionId);
    }

    private static Map<String, Object> details(String type, Map<String, Object> card, Map<String, Object> bank,
                                               Map<String, Object> debit) {
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("type", type);
        method.put("card", card);
        method.put("bank_redirect", bank);
        method.put("sepa_debit", debit);
        return method;
    }

    static Map<String, Object> refund(Refund r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", r.id());
        json.put("object", "refund");
        json.put("livemode", false);
        json.put("created", r.created().getEpochSecond());
        json.put("payment", r.paymentId());
        json.put("amount", r.amount().minorUnits());
        json.put("currency", r.amount().currency().wireName());
        json.put("status", r.status().wireName());
        json.put("reason", r.reason());
        json.put("provider_reference", r.providerReference());
        json.put("failure_reason", r.failureCode());
        json.put("outcome_unknown", r.outcomeUnknown());
        return json;
    }

    static Map<String, Object> event(dev.payrail.server.events.EventLog.TimelineEntry e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", e.id());
        json.put("object", "event");
        json.put("livemode", false);
        json.put("created", e.created().getEpochSecond());
        json.put("type", e.type());
        json.put("payment", e.paymentId());
        json.put("from_status", e.fromStatus());
        json.put("to_status", e.toStatus());
        json.put("actor", e.actor());
        json.put("data", e.data());
        return json;
    }
}
