package dev.payrail.server.checkout;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * The hosted page takes card numbers, so it runs nothing but itself: no script at all, styles only from Payrail, the
 * form posts only to Payrail, it cannot be framed (no clickjacking of the pay button), is never cached (a shared
 * computer's back button shows no card page of someone else's) and sends no referrer (the session id is in the URL).
 * payrail.js ({@code /js/}) is served to be loaded by merchants' pages.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class CheckoutHeaders extends OncePerRequestFilter {
    static final String POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(CheckoutPage.PATH) && !request.getRequestURI().startsWith("/js/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getRequestURI().startsWith("/js/")) {
            // payrail.js and its frame's assets load into merchants' pages: cross-origin by design, never sniffed;
            // the frame itself sets its own CSP (CardFrame)
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
            if (!request.getRequestURI().equals(CardFrame.PATH)) {
                response.setHeader("Cache-Control", "public, max-age=300");
            }
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (!request.getRequestURI().startsWith(CheckoutPage.PATH + "assets/")) {
            response.setHeader("Cache-Control", "no-store");
        }
        chain.doFilter(request, response);
    }
}
