package dev.payrail.server.stripe;

import dev.payrail.server.api.ApiSurfaces;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.OptionalInt;

/**
 * Gives every request that came to the Stripe-compatible port the {@code /stripe} prefix, before any other filter of
 * the API sees it: from here on {@code /v1/payment_intents} on that port is {@code /stripe/v1/payment_intents}, so
 * authentication, rate limits, idempotency and audit serve it as they serve Payrail's own API, and no path has two
 * meanings. The prefixed paths are not served on Payrail's own port (404), nor anything but the Stripe API on this one.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class StripeSurface extends OncePerRequestFilter {
    /** A Stripe API version: its date, and since 2024 the release's name ({@code 2026-01-28.clover}). */
    private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}(\\.[a-z]+)?");
    private final StripePort port;

    StripeSurface(StripePort port) {
        this.port = port;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        OptionalInt stripePort = port.localPort();
        boolean arrivedOnStripePort = stripePort.isPresent() && request.getLocalPort() == stripePort.getAsInt();
        if (arrivedOnStripePort) {
            String version = request.getHeader("Stripe-Version");
            // every answer is in one version's shapes, whichever a library pins; the header says which
            response.setHeader("Stripe-Version", StripeObjects.API_VERSION);
            if (version != null && !VERSION.matcher(version).matches()) {
                response.setStatus(400);
                response.setContentType("application/json");
                response.getWriter().write("{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"api_version_invalid\","
                        + " \"message\": \"Invalid Stripe API version: the Stripe-Version header is a date such as "
                        + StripeObjects.API_VERSION + ".\", \"param\": null}}");
                return;
            }
            chain.doFilter(new Prefixed(request), response);
        } else if (request.getRequestURI().startsWith(ApiSurfaces.STRIPE_PREFIX + "/")) {
            response.sendError(404);
        } else {
            chain.doFilter(request, response);
        }
    }

    /** The request as if it had been sent to {@code /stripe/...}. */
    private static final class Prefixed extends HttpServletRequestWrapper {
        Prefixed(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getRequestURI() {
            return ApiSurfaces.STRIPE_PREFIX + super.getRequestURI();
        }

        @Override
        public StringBuffer getRequestURL() {
            StringBuffer url = new StringBuffer();
            url.append(getScheme()).append("://").append(getServerName()).append(':').append(getServerPort())
                    .append(getRequestURI());
            return url;
        }

        @Override
        public String getServletPath() {
            return ApiSurfaces.STRIPE_PREFIX + super.getServletPath();
        }
    }
}
