package dev.payrail.server.security;

import dev.payrail.server.database.RecentReads;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;

/**
 * Authenticates every /v1 request and checks what the caller may do. Merchants present an API key
 * ({@code Authorization: Bearer sk_test_...}); the key's kind and permissions decide which endpoints it
 * reaches (403 otherwise). Operators present their own token for /v1/admin and /v1/reconciliation, where
 * their role decides (403 otherwise). A missing or unknown credential is a 401 and reaches nothing else.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class Authentication extends OncePerRequestFilter {
    private final JdbcClient jdbc;
    private final Operators operators;
    private final ErrorResponses errors;

    public Authentication(JdbcClient jdbc, Operators operators, ErrorResponses errors) {
        this.jdbc = jdbc;
        this.operators = operators;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        // Provider webhooks carry the provider's signature instead of a key; the controller checks it.
        return !dev.payrail.server.api.ApiSurfaces.isApi(path) || path.startsWith("/v1/openapi") || path.startsWith("/v1/provider-webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        Optional<String> credential = presented(request.getHeader("Authorization"),
                dev.payrail.server.api.ApiSurfaces.isStripe(path));
        if (credential.isEmpty()) {
            errors.write(request, response, ApiException.unauthorized("api_key_missing",
                    "Provide your API key as 'Authorization: Bearer sk_test_...'."));
            return;
        }
        String presented = credential.get();
        boolean operatorArea = path.startsWith("/v1/admin/") || path.startsWith("/v1/reconciliation/");
        Optional<Caller> caller = operatorArea ? operators.authenticate(presented) : merchantFor(presented);
        if (caller.isEmpty()) {
            errors.write(request, response, wrongKindOrInvalid(presented, operatorArea, request));
            return;
        }
        // authenticated from here on: a refusal below is audited with the caller
        request.setAttribute(Caller.ATTRIBUTE, caller.get());
        Optional<ApiException> refusal = operatorArea ? roleRefusal(caller.get(), request) : permissionRefusal(caller.get(), request);
        if (refusal.isPresent()) {
            errors.write(request, response, refusal.get());
            return;
        }
        if (caller.get().merchantId() != null) {
            MDC.put("merchant_id", caller.get().merchantId());
        }
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("merchant_id");
        }
    }

    /**
     * The credential of an {@code Authorization} header: {@code Bearer <key>}; on the Stripe-compatible surface also
     * {@code Basic} with the key as the user name and no password, which Stripe accepts too (curl's {@code -u sk_...:}).
     */
    static Optional<String> presented(String header, boolean stripeSurface) {
        if (header == null) {
            return Optional.empty();
        }
        if (header.startsWith("Bearer ") && header.length() > 7) {
            return Optional.of(header.substring(7).trim()).filter(k -> !k.isEmpty());
        }
        if (stripeSurface && header.startsWith("Basic ")) {
            try {
                String decoded = new String(java.util.Base64.getDecoder().decode(header.substring(6).trim()),
                        java.nio.charset.StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                String user = colon < 0 ? decoded : decoded.substring(0, colon);
                return Optional.of(user).filter(k -> !k.isEmpty());
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * A credential that is valid, but of the other kind, is told so (403): a merchant key on an operator endpoint
     * needs an operator token instead, and the other way round. Anything else is an invalid key (401).
     */
    private ApiException wrongKindOrInvalid(String presented, boolean operatorArea, HttpServletRequest request) {
        Optional<Caller> otherKind = operatorArea ? merchantFor(presented) : operators.authenticate(presented);
        if (otherKind.isEmpty()) {
            return ApiException.unauthorized("api_key_invalid", "Invalid API key provided.");
        }
        request.setAttribute(Caller.ATTRIBUTE, otherKind.get());     // audited as who it is
        return operatorArea
                ? ApiException.of(403, "permission_error", "operator_token_required", "This endpoint takes an operator token "
                        + "(the admin token printed at start, PAYRAIL_ADMIN_TOKEN, or one of PAYRAIL_OPERATORS), not a merchant API key.", null)
                : ApiException.of(403, "permission_error", "api_key_required", "This endpoint takes a merchant API key "
                        + "(sk_..., rk_... or pk_...), not an operator token.", null);
    }

    private static Optional<ApiException> permissionRefusal(Caller caller, HttpServletRequest request) {
        String needed = Permissions.required(request.getMethod(), request.getRequestURI());
        if (Permissions.allows(caller, needed)) {
            return Optional.empty();
        }
        return Optional.of(ApiException.of(403, "permission_error", "api_key_permission_denied",
                "This " + caller.keyKind().wireName().replace('_', '-') + " key does not have the " + needed
                        + " permission this request needs.", null));
    }

    private static Optional<ApiException> roleRefusal(Caller caller, HttpServletRequest request) {
        Caller.OperatorRole needed = Operators.required(request.getMethod(), request.getRequestURI());
        if (caller.role().includes(needed)) {
            return Optional.empty();
        }
        return Optional.of(ApiException.of(403, "permission_error", "operator_role_insufficient",
                "This action needs the " + needed.name().toLowerCase(Locale.ROOT) + " role; operator "
                        + caller.operator() + " is a " + caller.role().name().toLowerCase(Locale.ROOT) + ".", null));
    }

    /**
     * The merchant key a secret is, read at most {@link RecentReads#BOUND} ago: a key revoked or expired on any
     * process stops working everywhere within that bound (its expiry is checked on every use; a revocation made
     * here is forgotten at once, {@link #forgetKeys}). Unknown secrets are not kept.
     */
    private Optional<Caller> merchantFor(String secret) {
        if (!ApiKeys.looksLikeKey(secret)) {
            return Optional.empty();
        }
        byte[] hash = ApiKeys.hash(secret);
        return recentKeys.get(java.util.HexFormat.of().formatHex(hash), ignored -> readKey(hash))
                .filter(key -> key.expiresAt() == null || key.expiresAt().isAfter(java.time.Instant.now()))
                .map(KnownKey::caller);
    }

    /** Forgets every key read: after a revocation or roll on this process, the next request reads it again. */
    public void forgetKeys() {
        recentKeys.forgetAllOnCommit();
    }

    private record KnownKey(Caller caller, java.time.Instant expiresAt) {
    }

    private final RecentReads<String, KnownKey> recentKeys = new RecentReads<>(10_000);

    private Optional<KnownKey> readKey(byte[] keyHash) {
        return jdbc.sql("""
                        select id, merchant_id, kind, mode, permissions, expires_at from security_api_keys
                        where key_hash = ? and revoked_at is null and (expires_at is null or expires_at > now())""")
                .param(keyHash)
                .query((rs, n) -> new KnownKey(Caller.merchant(rs.getString("merchant_id"), rs.getString("id"),
                        Caller.KeyKind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)), rs.getString("mode"),
                        new HashSet<>(Arrays.asList((String[]) rs.getArray("permissions").getArray()))),
                        rs.getTimestamp("expires_at") == null ? null : rs.getTimestamp("expires_at").toInstant()))
                .optional();
    }
}
