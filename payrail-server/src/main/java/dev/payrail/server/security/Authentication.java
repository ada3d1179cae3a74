package dev.payrail.server.security;

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
import java.util.Optional;

/**
 * Authenticates every /v1 request: {@code Authorization: Bearer sk_test_...} for merchants, the admin
 * token for /v1/admin and /v1/reconciliation. Unauthenticated requests get a 401 JSON error and reach nothing else.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class Authentication extends OncePerRequestFilter {
    private final JdbcClient jdbc;
    private final AdminToken adminToken;
    private final ErrorResponses errors;

    public Authentication(JdbcClient jdbc, AdminToken adminToken, ErrorResponses errors) {
        this.jdbc = jdbc;
        this.adminToken = adminToken;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        // Provider webhooks carry the provider's signature instead of a key; the controller checks it.
        return !path.startsWith("/v1/") || path.startsWith("/v1/openapi") || path.startsWith("/v1/provider-webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ") || header.length() <= 7) {
            errors.write(request, response, ApiException.unauthorized("api_key_missing",
                    "Provide your API key as 'Authorization: Bearer sk_test_...'."));
            return;
        }
        String presented = header.substring(7).trim();
        // Operators' areas take the admin token: administration, and finance's reconciliation
        Optional<Caller> caller = request.getRequestURI().startsWith("/v1/admin/")
                || request.getRequestURI().startsWith("/v1/reconciliation/")
                ? (adminToken.matches(presented) ? Optional.of(Caller.operator()) : Optional.empty())
                : merchantFor(presented);
        if (caller.isEmpty()) {
            errors.write(request, response, ApiException.unauthorized("api_key_invalid", "Invalid API key provided."));
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller.get());
        if (caller.get().merchantId() != null) {
            MDC.put("merchant_id", caller.get().merchantId());
        }
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("merchant_id");
        }
    }

    private Optional<Caller> merchantFor(String secret) {
        if (!secret.startsWith(ApiKeys.SECRET_PREFIX)) {
            return Optional.empty();
        }
        return jdbc.sql("select merchant_id from api_keys where key_hash = ? and revoked_at is null")
                .param(ApiKeys.hash(secret))
                .query(String.class)
                .optional()
                .map(Caller::merchant);
    }
}
