package dev.payrail.server.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error the API answers with: HTTP status plus the JSON error object
 * {@code {"error": {"type", "code", "message", "param", "request_id", ...}}}.
 * {@code executed} says whether the request got as far as changing anything; a request refused
 * before that leaves its Idempotency-Key free for a corrected retry.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final boolean executed;
    private final Map<String, Object> extra;

    private ApiException(int status, String type, String code, String message, String param, boolean executed,
                         Map<String, Object> extra) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.executed = executed;
        this.extra = extra;
    }

    /** 400: the request itself is wrong; nothing was done. */
    public static ApiException invalid(String code, String param, String message) {
        return new ApiException(400, "invalid_request_error", code, message, param, false, Map.of());
    }

    public static ApiException notFound(String what, String id) {
        return notFound(what, id, "id");
    }

    /** 404 for an object named by parameter {@code param} of the request. */
    public static ApiException notFound(String what, String id, String param) {
        return new ApiException(404, "invalid_request_error", "resource_missing", "No such " + what + ": '" + id + "'",
                param, false, Map.of());
    }

    /** 409: the object's current state does not allow this; the request was evaluated. */
    public static ApiException conflict(String code, String message) {
        return new ApiException(409, "invalid_request_error", code, message, null, true, Map.of());
    }

    /**
     * 409 from a check made before the command ran (nothing was claimed or changed): a retry under a key whose first
     * request did run gets that request's answer instead of this refusal.
     */
    public static ApiException conflictBeforeRunning(String code, String message) {
        return new ApiException(409, "invalid_request_error", code, message, null, false, Map.of());
    }

    public static ApiException unauthorized(String code, String message) {
        return new ApiException(401, "authentication_error", code, message, null, false, Map.of());
    }

    /** 402: Payrail's decline code and its customer-safe message; the provider's own code beside them, for operators. */
    public static ApiException cardDeclined(String declineCode, String message, String providerDeclineCode, String paymentId) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("decline_code", declineCode);
        extra.put("provider_decline_code", providerDeclineCode);
        extra.put("payment", paymentId);
        return new ApiException(402, "card_error", "card_declined", message, null, true, extra);
    }

    /** 402: the card a setup intent was to save was refused at its verification; the intent waits for another card. */
    public static ApiException setupDeclined(String declineCode, String message, String setupIntentId) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("decline_code", declineCode);
        extra.put("setup_intent", setupIntentId);
        return new ApiException(402, "card_error", "card_declined", message, null, true, extra);
    }

    /** 502: the provider refused an operation on a payment it had accepted; the payment is unchanged. */
    public static ApiException providerRefused(String code, String message, String reason, String paymentId) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("reason", reason);
        extra.put("payment", paymentId);
        return new ApiException(502, "api_error", code, message, null, true, extra);
    }

    /** 503: the provider could not be reached and nothing was sent; safe to retry. */
    public static ApiException providerUnavailable(String message) {
        return new ApiException(503, "api_error", "provider_unavailable", message, null, false, Map.of());
    }

    /** 500: an unexpected failure after the request may have changed things; the key keeps this answer. */
    public static ApiException internal() {
        return new ApiException(500, "api_error", "internal_error",
                "Something went wrong on Payrail's side; the request id identifies it in the logs.", null, true, Map.of());
    }

    public static ApiException of(int status, String type, String code, String message, String param) {
        return new ApiException(status, type, code, message, param, false, Map.of());
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    public boolean executed() {
        return executed;
    }

    public Map<String, Object> body(String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("code", code);
        error.put("message", getMessage());
        error.put("param", param);
        error.putAll(extra);
        error.put("request_id", requestId);
        return Map.of("error", error);
    }
}
