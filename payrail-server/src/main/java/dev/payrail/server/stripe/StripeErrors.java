package dev.payrail.server.stripe;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.ApiSurfaces;
import dev.payrail.server.api.ErrorDialect;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Payrail's errors in Stripe's words, for the Stripe-compatible surface: the statuses and types from which the
 * official libraries choose their exception (400 and 404 {@code invalid_request_error}: InvalidRequestException,
 * 400 {@code idempotency_error}: IdempotencyException, 401: AuthenticationException, 402 {@code card_error}:
 * CardException, 403: PermissionException, 429: RateLimitException, anything else: ApiException), and parameter
 * names in Stripe's bracket form ({@code card[number]}).
 */
@Component
class StripeErrors implements ErrorDialect {

    @Override
    public boolean speaks(String path) {
        return ApiSurfaces.isStripe(path);
    }

    @Override
    public Worded word(ApiException error, String requestId) {
        @SuppressWarnings("unchecked")
        Map<String, Object> given = (Map<String, Object>) error.body(requestId).get("error");
        return new Worded(status(error), Map.of("error", words(given, error.status())));
    }

    /** The status Stripe answers {@code error} with. */
    static int status(ApiException error) {
        if ("idempotency_key_reused".equals(error.code())) {
            return 400;
        }
        if (error.status() == 409 && !"idempotency_key_in_use".equals(error.code())) {
            return 400;      // Stripe answers a request its object's state refuses as a 400 (payment_intent_unexpected_state)
        }
        if (error.status() == 422 || error.status() == 415 || error.status() == 413 || error.status() == 405) {
            return 400;
        }
        return error.status();
    }

    /**
     * A native error body ({@code type, code, message, param, ...}) as Stripe's error object. Payrail's own extras
     * that Stripe has under another name are renamed ({@code payment} is {@code payment_intent}: an id here; the
     * PaymentIntent itself where the wording of an answer has it, {@link StripeWording}); the others are left out.
     */
    static Map<String, Object> words(Map<String, Object> given, int nativeStatus) {
        Map<String, Object> error = new LinkedHashMap<>();
        String code = (String) given.get("code");
        error.put("type", type((String) given.get("type"), code, nativeStatus));
        error.put("code", stripeCode(code));
        if (given.get("decline_code") != null) {
            error.put("decline_code", given.get("decline_code"));
        }
        error.put("message", given.get("message"));
        error.put("param", bracketed((String) given.get("param")));
        error.put("doc_url", null);
        if (code != null && !stripeCode(code).equals(code)) {
            error.put("payrail_code", code);
        }
        return error;
    }

    private static String type(String nativeType, String code, int nativeStatus) {
        if ("idempotency_key_reused".equals(code) || "idempotency_key_in_use".equals(code)) {
            return "idempotency_error";
        }
        if (nativeStatus == 401 || nativeStatus == 403 || nativeStatus == 429) {
            return "invalid_request_error";   // Stripe's type for a bad key, a missing permission and a rate limit
        }
        if ("card_error".equals(nativeType) || "bank_error".equals(nativeType)) {
            return "card_error";
        }
        return "api_error".equals(nativeType) ? "api_error" : "invalid_request_error";
    }

    /** Stripe's code where it has its own for the same error. */
    static String stripeCode(String code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case "api_key_missing", "api_key_invalid" -> "api_key_invalid";
            case "rate_limited" -> "rate_limit";
            case "amount_invalid" -> "amount_too_small";
            case "payment_state_invalid", "payment_operation_in_progress", "payment_concurrently_modified",
                 "payment_not_cancelable_unsent" -> "payment_intent_unexpected_state";
            case "setup_intent_concurrently_modified" -> "setup_intent_unexpected_state";
            default -> code;
        };
    }

    /** {@code card.number} as Stripe names it: {@code card[number]}. */
    static String bracketed(String param) {
        if (param == null || !param.contains(".")) {
            return param;
        }
        String[] parts = param.split("\\.");
        StringBuilder out = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            out.append('[').append(parts[i]).append(']');
        }
        return out.toString();
    }
}
