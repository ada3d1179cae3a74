package dev.payrail.server.evidence;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.QueryParams;
import dev.payrail.server.audit.AuditLog;
import dev.payrail.server.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/admin/evidence_pack?from=2026-09-01&to=2026-11-30}: the audit evidence pack of a period of whole UTC
 * days (default: the last 90), made now from the live system, as a zip (docs/evidence.md). Reading it is recorded in
 * the audit log, with its period.
 */
@RestController
public class EvidencePackController {
    private static final int DEFAULT_DAYS = 90;

    private final EvidencePack pack;
    private final AuditLog audit;

    EvidencePackController(EvidencePack pack, AuditLog audit) {
        this.pack = pack;
        this.audit = audit;
    }

    @Operation(operationId = "getEvidencePack", summary = "The audit evidence pack of a period, as a zip: control mapping, "
            + "access review, audit log, key rotation, configuration (redacted), migrations, releases, alert rules, SLOs, "
            + "ledger check; a manifest with SHA-256 of each file (operator: viewer)")
    @GetMapping("/v1/admin/evidence_pack")
    public void get(@Parameter(hidden = true) @RequestParam Map<String, String> query,
                    @Parameter(hidden = true) HttpServletRequest request,
                    @Parameter(hidden = true) HttpServletResponse response) throws IOException {
        QueryParams params = QueryParams.of(query, Set.of("from", "to"));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate to = params.text("to").map(t -> day("to", t)).orElse(today);
        LocalDate from = params.text("from").map(f -> day("from", f)).orElse(to.minusDays(DEFAULT_DAYS - 1));
        if (from.isAfter(to)) {
            throw ApiException.invalid("parameter_invalid", "from", "from (" + from + ") is after to (" + to + ").");
        }
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant until = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        String actor = Caller.of(request).auditActor();
        audit.record(actor, "evidence_pack.made", null, "succeeded", Map.of("from", from.toString(), "to", to.toString()));
        response.setContentType("application/zip");
        response.setHeader("Content-Disposition", "attachment; filename=\"payrail-evidence-" + from + "-to-" + to + ".zip\"");
        pack.write(start, until, actor, response.getOutputStream());
    }

    private static LocalDate day(String param, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("parameter_invalid", param, param + " is a day, YYYY-MM-DD (UTC).");
        }
    }
}
