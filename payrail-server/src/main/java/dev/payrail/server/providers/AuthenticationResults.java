package dev.payrail.server.providers;

import dev.payrail.core.providers.ThreeDSecure;
import tools.jackson.databind.JsonNode;

/**
 * Reads what a 3-D Secure authentication established out of each provider's answer, into {@link ThreeDSecure}. Only
 * the fields Payrail keeps are read: the authentication value (CAVV), the directory server's transaction id and the
 * like, which providers send along, are never copied, so they cannot reach a row, a log line or an event.
 */
public final class AuthenticationResults {
    private AuthenticationResults() {
    }

    /** The simulator's native shape: {@code three_d_secure} with Payrail's own field names. Null when absent. */
    public static ThreeDSecure nativeShape(JsonNode secure) {
        if (secure == null || !secure.isObject()) {
            return null;
        }
        return new ThreeDSecure(secure.path("version").asString(null), secure.path("authentication_flow").asString(null),
                secure.path("result").asString("unavailable"), secure.path("electronic_commerce_indicator").asString(null),
                secure.path("liability_shift").asBoolean(false));
    }

    /**
     * Stripe's {@code payment_method_details.card.three_d_secure} of the intent's charge (API 2020-08-27 lists charges on
     * the intent, 2022-11-15 expands its latest_charge). Stripe says no ECI there; liability shifts when the result is authenticated or attempt_acknowledged.
     */
    public static ThreeDSecure stripe(JsonNode intent) {
        JsonNode secure = NetworkTransactionIds.stripeCharge(intent).path("payment_method_details").path("card")
                .path("three_d_secure");
        if (!secure.isObject()) {
            return null;
        }
        String result = secure.path("result").asString("");
        String outcome = switch (result) {
            case "authenticated" -> "authenticated";
            case "attempt_acknowledged" -> "attempted";
            case "failed" -> "failed";
            default -> "unavailable";          // exempted, not_supported, processing_error: no authentication took place
        };
        String flow = switch (secure.path("authentication_flow").asString("")) {
            case "challenge", "redirect" -> "challenge";
            case "frictionless" -> "frictionless";
            default -> null;
        };
        return new ThreeDSecure(secure.path("version").asString(null), flow, outcome, null,
                "authenticated".equals(outcome) || "attempted".equals(outcome));
    }

    /** Adyen's additionalData strings (threeDOffered, threeDAuthenticatedResponse, eci, liabilityShift, threeDSVersion). */
    public static ThreeDSecure adyen(JsonNode additionalData) {
        if (!"true".equals(additionalData.path("threeDOffered").asString(""))) {
            return null;
        }
        String outcome = switch (additionalData.path("threeDAuthenticatedResponse").asString("")) {
            case "Y" -> "authenticated";
            case "A" -> "attempted";
            case "R" -> "rejected";
            case "N" -> "failed";
            default -> "unavailable";
        };
        String flow = switch (additionalData.path("threeDSAuthenticationFlow").asString("")) {
            case "challenge" -> "challenge";
            case "frictionless" -> "frictionless";
            default -> null;
        };
        String eci = additionalData.path("eci").asString(null);
        return new ThreeDSecure(additionalData.path("threeDSVersion").asString(null), flow, outcome,
                eci != null && eci.matches("0[0-7]") ? eci : null,
                "true".equals(additionalData.path("liabilityShift").asString("")));
    }
}
