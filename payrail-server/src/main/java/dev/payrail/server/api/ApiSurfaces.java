package dev.payrail.server.api;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The two API surfaces one Payrail serves over the same merchants, keys and commands: its own under {@code /v1},
 * and the Stripe-compatible one under {@code /stripe/v1} (reached on its own port, where the official Stripe
 * libraries call {@code /v1/...}: the port's requests are given this prefix before any filter sees them). The
 * filters of the API (authentication, rate limits, idempotency, audit, body limit) serve both; only the dialect
 * of their answers differs ({@link ErrorDialect}).
 */
public final class ApiSurfaces {
    /** What the Stripe-compatible port's requests are prefixed with, so that each path has one meaning. */
    public static final String STRIPE_PREFIX = "/stripe";

    private ApiSurfaces() {
    }

    /** A path of either API (outside them: pages, scripts, actuator, the console's files). */
    public static boolean isApi(String path) {
        return path.startsWith("/v1/") || isStripe(path);
    }

    public static boolean isStripe(String path) {
        return path.startsWith(STRIPE_PREFIX + "/v1/");
    }

    public static boolean isStripe(HttpServletRequest request) {
        return isStripe(request.getRequestURI());
    }

    /** The path as the surface's clients sent it: {@code /stripe/v1/charges} is {@code /v1/charges} to them. */
    public static String clientPath(String path) {
        return isStripe(path) ? path.substring(STRIPE_PREFIX.length()) : path;
    }
}
