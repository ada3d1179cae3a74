package dev.payrail.server.idempotency;

import dev.payrail.server.api.ApiErrorHandler;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.ErrorResponses;
import dev.payrail.server.security.AtRestKeys;
import dev.payrail.server.security.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Honours {@code Idempotency-Key} on every POST: the first request with a key executes and its answer
 * is stored; a repeat with the same body gets that answer back ({@code Idempotent-Replayed: true})
 * without executing again; a different body gets 422; a repeat while the first runs gets 409.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 40)
public class IdempotencyFilter extends OncePerRequestFilter {
    static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 255;

    private final IdempotencyStore store;
    private final ErrorResponses errors;
    private final byte[] fingerprintKey;

    public IdempotencyFilter(IdempotencyStore store, ErrorResponses errors, AtRestKeys keys) {
        this.store = store;
        this.errors = errors;
        this.fingerprintKey = keys.keyFor("idempotency-fingerprints");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
                || !request.getRequestURI().startsWith("/v1/") || request.getRequestURI().startsWith("/v1/provider-webhooks/")
                // a report is idempotent by its content: the same file is reconciled once, whatever the key
                || dev.payrail.server.api.ReportUploads.is(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            errors.write(request, response, ApiException.invalid("idempotency_key_invalid", null,
                    "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters."));
            return;
        }
        String scope = Caller.of(request).scope();
        byte[] body = request.getInputStream().readAllBytes();
        byte[] fingerprint = fingerprint(request.getMethod(), request.getRequestURI(), body);

        IdempotencyStore.Claim claim = store.claim(scope, key, fingerprint, request.getMethod(), request.getRequestURI());
        if (claim instanceof IdempotencyStore.Claim.Replay replay) {
            response.setStatus(replay.status());
            response.setContentType("application/json");
            response.setHeader("Idempotent-Replayed", "true");
            response.getOutputStream().write(replay.body());
        } else if (claim instanceof IdempotencyStore.Claim.Mismatch) {
            errors.write(request, response, ApiException.of(422, "idempotency_error", "idempotency_key_reused",
                    "Keys for idempotent requests can only be used with the same parameters they were first used with.",
                    null));
        } else if (claim instanceof IdempotencyStore.Claim.InProgress) {
            errors.write(request, response, ApiException.conflict("idempotency_key_in_use",
                    "A request with this Idempotency-Key is still being processed; retry shortly."));
        } else {
            execute(request, response, chain, scope, key);
        }
    }

    private void execute(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                         String scope, String key) throws ServletException, IOException {
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean stored = false;
        try {
            chain.doFilter(request, recorded);
            if (request.getAttribute(ApiErrorHandler.NOT_EXECUTED) == null) {
                store.complete(scope, key, recorded.getStatus(), recorded.getContentAsByteArray());
                stored = true;
            }
        } finally {
            if (!stored) {
                store.release(scope, key);
            }
            recorded.copyBodyToResponse();
        }
    }

    /**
     * HMAC-SHA256 of the request under a key of its own: a body may hold a card number (a test payment, a
     * payment method), and an unkeyed hash of a card number can be brute-forced over the card number space.
     */
    byte[] fingerprint(String method, String path, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(fingerprintKey, "HmacSHA256"));
            mac.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JVM", e);
        }
    }
}
