package dev.payrail.server.audit;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.CsvLines;
import dev.payrail.server.api.ListPage;
import dev.payrail.server.api.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Operators read the audit log (newest first, filtered, paged) and export it as CSV for an auditor. */
@RestController
class AuditController {
    private static final Set<String> FILTERS = Set.of("actor", "action", "object", "created[gte]", "created[lte]");

    private final AuditLog audit;
    private final JsonMapper json;

    AuditController(AuditLog audit, JsonMapper json) {
        this.audit = audit;
        this.json = json;
    }

    @Operation(operationId = "listAuditLog", summary = "Audit entries newest first: filter by actor, action prefix, "
            + "object, created range (operator: viewer)")
    @GetMapping("/v1/admin/audit_log")
    public Map<String, Object> list(@Parameter(hidden = true) @RequestParam Map<String, String> query) {
        Set<String> allowed = new java.util.HashSet<>(FILTERS);
        allowed.addAll(Set.of("limit", "starting_after"));
        QueryParams params = QueryParams.of(query, allowed);
        long before = params.text("starting_after").map(AuditController::position).orElse(Long.MAX_VALUE);
        return ListPage.of("/v1/admin/audit_log", audit.page(filter(params), before, params.limit() + 1),
                params.limit(), this::json);
    }

    @Operation(operationId = "exportAuditLog", summary = "The audit entries a filter selects, oldest first, as CSV, "
            + "streamed (operator: viewer)")
    @GetMapping("/v1/admin/audit_log/export")
    public void export(@Parameter(hidden = true) @RequestParam Map<String, String> query,
                       @Parameter(hidden = true) HttpServletResponse response) throws IOException {
        AuditLog.Filter filter = filter(QueryParams.of(query, FILTERS));
        response.setContentType("text/csv; charset=utf-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"payrail-audit-log.csv\"");
        PrintWriter out = response.getWriter();
        out.println(CsvLines.of(AuditLog.EXPORT_COLUMNS));
        audit.each(filter, e -> out.println(CsvLines.of(AuditLog.exportRow(e))));
        out.flush();
    }

    private static AuditLog.Filter filter(QueryParams params) {
        return new AuditLog.Filter(params.text("actor").orElse(null), params.text("action").orElse(null),
                params.text("object").orElse(null), params.createdFrom().orElse(null), params.createdUntil().orElse(null));
    }

    private static long position(String cursor) {
        try {
            return Long.parseLong(cursor.startsWith("aud_") ? cursor.substring(4) : cursor);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("parameter_invalid", "starting_after", "No such audit entry: '" + cursor + "'");
        }
    }

    private Map<String, Object> json(AuditLog.Entry e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", "aud_" + e.id());
        json.put("object", "audit_entry");
        json.put("at", e.at().toString());
        json.put("actor", e.actor());
        json.put("action", e.action());
        json.put("object_type", e.objectType());
        json.put("object_id", e.objectId());
        json.put("request_id", e.requestId());
        json.put("source_ip", e.sourceIp());
        json.put("outcome", e.outcome());
        json.put("detail", this.json.readTree(e.detail()));
        return json;
    }
}
