package dev.payrail.server.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives every request a {@code req_...} id: in the Request-Id header, in every error and in the logs (MDC
 * {@code request_id}, and {@code payment_id} for requests about one payment).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIds extends OncePerRequestFilter {

    private static final String ATTRIBUTE = "payrail.request_id";
    /** A request about one payment (a PaymentIntent on the Stripe-compatible port): its id goes on every log line of the request (a create adds it later). */
    private static final Pattern PAYMENT_PATH = Pattern.compile("^(?:/stripe)?/v1/(?:payments|payment_intents)/(pay_[A-Za-z0-9]+)");

    public static String of(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        return id == null ? null : id.toString();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = Ids.newId("req");
        request.setAttribute(ATTRIBUTE, id);
        response.setHeader("Request-Id", id);
        MDC.put("request_id", id);
        Matcher payment = PAYMENT_PATH.matcher(request.getRequestURI());
        if (payment.find()) {
            MDC.put("payment_id", payment.group(1));
        }
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("request_id");
            MDC.remove("payment_id");
        }
    }
}
