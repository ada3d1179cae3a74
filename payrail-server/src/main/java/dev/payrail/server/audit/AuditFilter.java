package dev.payrail.server.audit;

import dev.payrail.server.api.RequestIds;
import dev.payrail.server.security.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Audits every authenticated mutating call (merchant and operator alike), whatever its outcome, after the
 * answer is known: action as a path template ({@code POST /v1/payments/{id}/capture}), the object named in
 * the path or, for a create, the id in the answer, and the status. Provider webhooks are not API calls of an
 * actor; they are kept in their own inbox. A failure to write the audit row is logged and does not undo the
 * call, which has already committed. A command that wrote the request's audit row in its own last commit (the
 * command pipeline) marks the request, and this filter writes nothing more.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 18)   // around Authentication, so its 403 refusals are audited too
class AuditFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);

    private final AuditLog audit;
    private final JsonMapper json;

    AuditFilter(AuditLog audit, JsonMapper json) {
        this.audit = audit;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)
                || !dev.payrail.server.api.ApiSurfaces.isApi(request.getRequestURI()) || request.getRequestURI().startsWith("/v1/provider-webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, recorded);
        } finally {
            Caller caller = Caller.find(request).orElse(null);
            if (caller != null && request.getAttribute(AuditLog.WRITTEN_BY_COMMAND) == null) {
                write(request, recorded, caller);
            }
            recorded.copyBodyToResponse();
        }
    }

    private void write(HttpServletRequest request, ContentCachingResponseWrapper response, Caller caller) {
        String template = AuditLog.action(request.getMethod(), request.getRequestURI());
        String objectId = AuditLog.objectIn(request.getRequestURI());
        int status = response.getStatus();
        if (objectId == null && status < 300) {
            objectId = idIn(response.getContentAsByteArray());
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("status", status);
        if ("true".equals(response.getHeader("Idempotent-Replayed"))) {
            detail.put("idempotent_replayed", true);
        }
        try {
            audit.record(caller.auditActor(), template, objectId, RequestIds.of(request), request.getRemoteAddr(),
                    outcome(status), detail);
        } catch (RuntimeException e) {
            log.error("could not write the audit entry of {} (status {})", template, status, e);
        }
    }

    private String idIn(byte[] body) {
        if (body.length == 0 || body[0] != '{') {
            return null;
        }
        try {
            JsonNode id = json.readTree(body).get("id");
            return id != null && id.isString() ? id.asString() : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    static String outcome(int status) {
        return AuditLog.outcome(status);
    }
}
