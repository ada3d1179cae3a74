package dev.payrail.server.idempotency;

import dev.payrail.server.api.ApiErrorHandler;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.ErrorResponses;
import dev.payrail.server.security.AtRestKeys;
import dev.payrail.server.security.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
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
    /** Creates whose commands record what they created (IdempotencyStore.recordRecovery) in its transaction. */
    private static final java.util.Set<String> RECORDING_CREATES = java.util.Set.of("/v1/payments", "/v1/refunds", "/v1/payouts");
    private static final java.util.regex.Pattern ACTION_ON_OBJECT =
            java.util.regex.Pattern.compile("^/v1/(payments|payouts|disputes)/([a-z]+_[A-Za-z0-9]+)(/[a-z_]+)?$");

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
        } else if (claim instanceof IdempotencyStore.Claim.Abandoned abandoned) {
            recover(request, response, chain, scope, key, fingerprint, abandoned.recoveryPath());
        } else {
            execute(request, response, chain, scope, key);
        }
    }

    /**
     * The first request with this key lost its process. If it created something (or acted on an object named
     * in its path), answer with that object as it is now: the resolver settles whatever provider call was cut
     * off, so nothing runs twice. A create that got nothing committed runs again: there is nothing to repeat.
     * Anything else stays "in use": running it again could repeat an effect.
     */
    private void recover(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String scope,
                         String key, byte[] fingerprint, String recoveryPath) throws ServletException, IOException {
        String path = recoveryPath != null ? recoveryPath : objectOf(request.getRequestURI());
        if (path != null) {
            response.setHeader("Idempotent-Replayed", "true");
            response.setHeader("Idempotent-Recovered", "true");
            response.setStatus(200);
            response.setContentType("application/json");
            // include, not forward: a forward closes the container's response before the filters above this one
            // (the audit's response cache) have written the body into it
            request.getRequestDispatcher(path).include(new HttpServletRequestWrapper(request) {
                @Override
                public String getMethod() {
                    return "GET";
                }
            }, response);
        } else if (RECORDING_CREATES.contains(request.getRequestURI())
                && store.takeOver(scope, key, fingerprint, request.getMethod(), request.getRequestURI())) {
            execute(request, response, chain, scope, key);
        } else {
            errors.write(request, response, ApiException.conflict("idempotency_key_in_use",
                    "A request with this Idempotency-Key is still being processed; retry shortly."));
        }
    }

    /** The object an action acts on: {@code /v1/payments/pay_1/capture} acts on {@code /v1/payments/pay_1}. */
    static String objectOf(String path) {
        java.util.regex.Matcher m = ACTION_ON_OBJECT.matcher(path);
        return m.matches() ? "/v1/" + m.group(1) + "/" + m.group(2) : null;
    }

    private void execute(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                         String scope, String key) throws ServletException, IOException {
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean settled = false;
        store.executing(scope, key);
        try {
            chain.doFilter(request, recorded);
            if (request.getAttribute(ApiErrorHandler.KEY_LEFT_IN_PROGRESS) != null) {
                settled = true;      // the database went away mid-request: recovered once stale, as after a crash
            } else if (request.getAttribute(ApiErrorHandler.NOT_EXECUTED) == null) {
                // settled before completing: if storing the answer fails (the database just went away), the
                // request still executed, and releasing the key would let a retry run it, and charge, again
                settled = true;
                store.complete(scope, key, recorded.getStatus(), recorded.getContentAsByteArray());
            }
        } finally {
            store.done();
            if (!settled) {
                store.release(scope, key);
            }
            recorded.copyBodyToResponse();
        }
    }

    /**
     * HMAC-SHA256 of the request under a key of its own: a body may hold a card number (a test payment, a
     * payment method), and an unkeyed hash of a card number can be brute-forced over the card number space.
     * The body is taken in its canonical form ({@link CanonicalBody}): the same parameters in another order are
     * the same request.
     */
    byte[] fingerprint(String method, String path, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(fingerprintKey, "HmacSHA256"));
            mac.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            mac.update(CanonicalBody.of(body));
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JVM", e);
        }
    }
}
