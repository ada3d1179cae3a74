package dev.payrail.server.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Locale;

/**
 * Two guards on the API: every answer carries headers that keep browsers from sniffing, framing, caching or
 * referring it (answers carry keys and secrets once); and a POST with a body must say it is JSON, except the
 * settlement report upload (multipart), or it is refused with 415 before anything reads it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class SecurityHeaders extends OncePerRequestFilter {
    private final ErrorResponses errors;

    public SecurityHeaders(ErrorResponses errors) {
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ApiSurfaces.isApi(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        boolean stripe = ApiSurfaces.isStripe(request);
        if ("POST".equals(request.getMethod()) && hasBody(request) && !ReportUploads.is(request)
                && !(stripe ? isForm(request.getContentType()) : isJson(request.getContentType()))) {
            errors.write(request, response, ApiException.of(415, "invalid_request_error", "content_type_unsupported",
                    stripe ? "Send the request body form-encoded, with Content-Type: application/x-www-form-urlencoded, as Stripe's libraries do."
                            : "Send the request body as JSON, with Content-Type: application/json.", null));
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /** The Stripe-compatible surface's bodies: Stripe's libraries send form-encoded parameters. */
    private static boolean isForm(String contentType) {
        return contentType != null
                && contentType.split(";", 2)[0].strip().equalsIgnoreCase("application/x-www-form-urlencoded");
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }
}
