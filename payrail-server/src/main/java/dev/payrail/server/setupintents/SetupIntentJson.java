package dev.payrail.server.setupintents;

import java.util.LinkedHashMap;
import java.util.Map;

/** The API's JSON shape of a setup intent (Stripe's, with Payrail's names for the card and the error). */
final class SetupIntentJson {
    private SetupIntentJson() {
    }

    static Map<String, Object> of(SetupIntent s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", s.id);
        json.put("object", "setup_intent");
        json.put("livemode", false);
        json.put("created", s.created.getEpochSecond());
        json.put("customer", s.customerId);
        json.put("status", s.status.wireName());
        json.put("usage", s.usage);
        json.put("currency", s.currency);
        json.put("payment_method", s.paymentMethodId);
        json.put("payment_method_options", Map.of("card", Map.of("request_three_d_secure", s.requestThreeDSecure)));
        json.put("return_url", s.returnUrl);
        json.put("next_action", s.nextActionUrl == null ? null : dev.payrail.server.api.ReturnUrls.redirectAction(s.nextActionUrl, s.returnUrl));
        json.put("provider", s.provider);
        json.put("network_transaction_id", s.networkTransactionId);
        json.put("last_setup_error", s.failureCode == null ? null : error(s));
        json.put("cancellation_reason", s.cancellationReason);
        json.put("outcome", s.riskOutcome == null ? null : s.riskOutcome.toJson());
        json.put("metadata", s.metadata);
        return json;
    }

    private static Map<String, Object> error(SetupIntent s) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "card_error");
        error.put("code", s.failureCode);
        error.put("message", s.failureMessage);
        return error;
    }
}
