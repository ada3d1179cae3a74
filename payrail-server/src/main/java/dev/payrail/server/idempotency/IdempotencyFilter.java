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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Honours {@code Idempotency-Key} on every POST. It checks the key and fingerprints the request (method, path,
 * canonical body), then:
 * <ul>
 *   <li>for a command of the pipeline (a controller method taking a {@code CommandOrigin}), it hands the key down as
 *       a value ({@link #keyOf}) and does nothing more: the command claims it in its own first transaction and
 *       stores its answer in its last one;</li>
 *   <li>for any other POST (administration, endpoints, keys), it claims the key in a transaction of its own, runs
 *       the request, and stores whatever it answered: a repeat with the same body gets that answer back
 *       ({@code Idempotent-Replayed: true}), a different body gets 422, a repeat while the first runs gets 409.</li>
 * </ul>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 40)
public class IdempotencyFilter extends OncePerRequestFilter {
    static final String HEADER = "Idempotency-Key";
    private static final String KEY_ATTRIBUTE = "payrail.idempotency_key";
    private static final int MAX_KEY_LENGTH = 255;

    private final IdempotencyStore store;
    private final ErrorResponses errors;
    private final byte[] fingerprintKey;
    private final ObjectProvider<RequestMappingHandlerMapping> handlers;

    public IdempotencyFilter(IdempotencyStore store, ErrorResponses errors, AtRestKeys keys,
                             @Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> handlers) {
        this.store = store;
        this.errors = errors;
        this.fingerprintKey = keys.keyFor("idempotency-fingerprints");
        this.handlers = handlers;
    }

    /** The key this request came with, checked and fingerprinted; null when it came with none. */
    public static IdempotencyKey keyOf(HttpServletRequest request) {
        return (IdempotencyKey) request.getAttribute(KEY_ATTRIBUTE);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
                || !dev.payrail.server.api.ApiSurfaces.isApi(request.getRequestURI()) || request.getRequestURI().startsWith("/v1/provider-webhooks/")
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
        String scope = scopeOf(request);
        byte[] body = request.getInputStream().readAllBytes();
        IdempotencyKey idempotencyKey = new IdempotencyKey(scope, key,
                fingerprint(request.getMethod(), request.getRequestURI(), body), request.getMethod(), request.getRequestURI());
        request.setAttribute(KEY_ATTRIBUTE, idempotencyKey);
        if (isPipelineCommand(request)) {
            handOver(request, response, chain, idempotencyKey);
            return;
        }
        IdempotencyStore.Claim claim = store.claim(idempotencyKey);
        if (claim instanceof IdempotencyStore.Claim.Acquired) {
            execute(request, response, chain, scope, key);
        } else {
            // a replay, a reuse, or still running (or its process died while running it: running it again could
            // repeat its effect)
            answerTaken(request, response, claim);
        }
    }

    /**
     * Runs a pipeline command, which claims the key itself. A request refused before it claimed (its parameters
     * did not validate) is answered as the key would have answered, if the key was used: a reuse with other
     * parameters is a 422 however it is wrong, and a repeat of a request that executed gets its answer. Only that
     * refusal path reads the key here; an accepted request's only key statements are in its own commits.
     */
    private void handOver(HttpServletRequest request, HttpServletResponse response, FilterChain chain, IdempotencyKey key)
            throws ServletException, IOException {
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, recorded);
            if (request.getAttribute(ApiErrorHandler.NOT_EXECUTED) != null) {
                Optional<IdempotencyStore.Claim> used = store.find(key.scope(), key.key(), key.fingerprint());
                if (used.isPresent()) {
                    recorded.resetBuffer();
                    answerTaken(request, recorded, used.get());
                }
            }
        } finally {
            recorded.copyBodyToResponse();
        }
    }

    private void answerTaken(HttpServletRequest request, HttpServletResponse response, IdempotencyStore.Claim claim)
            throws IOException {
        if (claim instanceof IdempotencyStore.Claim.Replay replay) {
            response.setStatus(replay.status());
            response.setContentType("application/json");
            response.setHeader("Idempotent-Replayed", "true");
            response.getOutputStream().write(replay.body());
        } else if (claim instanceof IdempotencyStore.Claim.Mismatch) {
            errors.write(request, response, IdempotencyStore.reused());
        } else {
            errors.write(request, response, IdempotencyStore.inUse());
        }
    }

    /**
     * The namespace of the caller's keys on the surface the request came to: a key used on the Stripe-compatible
     * surface is another key than the same string on Payrail's own, since each stores its answer in its own words.
     */
    private static String scopeOf(HttpServletRequest request) {
        String scope = Caller.of(request).scope();
        return dev.payrail.server.api.ApiSurfaces.isStripe(request) ? "stripe:" + scope : scope;
    }

    /** Whether the request goes to a controller method of the command pipeline, which claims the key itself. */
    private boolean isPipelineCommand(HttpServletRequest request) {
        try {
            HandlerExecutionChain handler = handlers.getObject().getHandler(request);
            return handler != null && handler.getHandler() instanceof HandlerMethod method
                    && Arrays.stream(method.getMethodParameters())
                    .anyMatch(p -> p.getParameterType().getName().equals(COMMAND_ORIGIN));
        } catch (Exception noHandler) {
            return false;
        }
    }

    /** By name: the idempotency package is below the commands package, which depends on it. */
    private static final String COMMAND_ORIGIN = "dev.payrail.server.commands.CommandOrigin";

    private void execute(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                         String scope, String key) throws ServletException, IOException {
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean settled = false;
        try {
            chain.doFilter(request, recorded);
            if (request.getAttribute(ApiErrorHandler.KEY_LEFT_IN_PROGRESS) != null) {
                settled = true;      // the database went away mid-request: recovered once stale, as after a crash
            } else if (request.getAttribute(ApiErrorHandler.NOT_EXECUTED) == null) {
                // settled before completing: if storing the answer fails (the database just went away), the
                // request still executed, and releasing the key would let a retry run it again
                settled = true;
                store.complete(scope, key, recorded.getStatus(), recorded.getContentAsByteArray());
            }
        } finally {
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
