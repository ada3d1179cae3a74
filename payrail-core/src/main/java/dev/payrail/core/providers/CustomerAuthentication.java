package dev.payrail.core.providers;

import java.util.Set;

/**
 * What an authorization asks of the customer's authentication: {@code request} is the merchant's
 * {@code request_three_d_secure} ({@code automatic}: when the issuer demands it; {@code any}: always), and
 * {@code returnUrl} is Payrail's page the customer's browser comes back to after a challenge or a bank's page,
 * where Payrail asks the provider what was decided.
 */
public record CustomerAuthentication(String request, String returnUrl) {
    public static final Set<String> REQUESTS = Set.of("automatic", "any");

    public CustomerAuthentication {
        if (!REQUESTS.contains(request)) {
            throw new IllegalArgumentException("request_three_d_secure is automatic or any, not " + request);
        }
    }

    /** The merchant asks for 3-D Secure whatever the issuer would demand. */
    public boolean always() {
        return "any".equals(request);
    }
}
