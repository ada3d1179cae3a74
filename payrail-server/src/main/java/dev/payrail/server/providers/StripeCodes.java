package dev.payrail.server.providers;

import dev.payrail.core.providers.DeclineCodes;

/**
 * Payrail's code for a Stripe error or decline code, the one mapping for Stripe's answers and its webhooks. Stripe's
 * decline codes are Payrail's (Payrail took its vocabulary from them); a failed authentication is Payrail's (the
 * payment waits for another card), a bank's refusal of a redirect payment is {@code bank_declined}, and its request
 * errors about an object's state or an amount are named as Payrail names them for every provider.
 */
public final class StripeCodes {
    private StripeCodes() {
    }

    public static String payrail(String stripeCode) {
        return switch (stripeCode) {
            case "payment_intent_authentication_failure" -> DeclineCodes.AUTHENTICATION_FAILED;
            case "payment_method_provider_decline" -> DeclineCodes.BANK_DECLINED;
            case "payment_intent_unexpected_state", "charge_already_refunded", "charge_already_captured" -> "invalid_state";
            case "amount_too_large", "parameter_invalid_integer" -> "amount_too_large";
            case "resource_missing", "invalid_request_error" -> "provider_refused";
            default -> stripeCode;
        };
    }
}
