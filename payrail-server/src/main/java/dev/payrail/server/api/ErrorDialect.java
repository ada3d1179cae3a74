package dev.payrail.server.api;

import java.util.Map;

/**
 * How one API surface words an error: the status and body an {@link ApiException} is answered with. Payrail's own
 * surface answers {@link ApiException#body} as it is; the Stripe-compatible surface answers in Stripe's words (its
 * status codes and error types, which the official libraries turn into their exceptions). Implemented where the
 * surface is; {@link ErrorResponses} picks the one a request came to.
 */
public interface ErrorDialect {

    /** Whether requests to {@code path} are answered in this dialect. */
    boolean speaks(String path);

    /** The status and body of {@code error}. */
    Worded word(ApiException error, String requestId);

    record Worded(int status, Map<String, Object> body) {
    }
}
