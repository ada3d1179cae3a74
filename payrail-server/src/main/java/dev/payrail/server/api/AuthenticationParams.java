package dev.payrail.server.api;

import dev.payrail.core.providers.CustomerAuthentication;

import java.util.Optional;
import java.util.Set;

/** The merchant's 3-D Secure wish as payments and setup intents take it: one parameter, one rule, one refusal. */
public final class AuthenticationParams {
    private AuthenticationParams() {
    }

    /** {@code payment_method_options.card.request_three_d_secure}: automatic or any; empty when not sent. */
    public static Optional<String> requestThreeDSecure(JsonParams params) {
        Optional<String> request = params.optionalObject("payment_method_options", Set.of("card"))
                .flatMap(options -> options.optionalObject("card", Set.of("request_three_d_secure")))
                .flatMap(card -> card.optionalString("request_three_d_secure", 16));
        if (request.isPresent() && !CustomerAuthentication.REQUESTS.contains(request.get())) {
            throw ApiException.invalid("parameter_invalid", "payment_method_options.card.request_three_d_secure",
                    "request_three_d_secure must be automatic (when the card's bank demands it) or any (always).");
        }
        return request;
    }
}
