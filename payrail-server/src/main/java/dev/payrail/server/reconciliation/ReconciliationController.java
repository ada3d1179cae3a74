package dev.payrail.server.reconciliation;

import dev.payrail.core.reconciliation.MalformedReportException;
import dev.payrail.core.reconciliation.ReportFormat;
import dev.payrail.server.PayrailProperties;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import dev.payrail.server.api.ListPage;
import dev.payrail.server.api.QueryParams;
import dev.payrail.server.api.ReportUploads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finance's reconciliation API (admin token): upload a provider's settlement report, read a run's summary
 * and export, and work the exceptions: list, inspect (with their audit trail), acknowledge, resolve.
 */
@RestController
public class ReconciliationController {
    private static final Set<String> RESOLUTIONS = Set.of("written_off", "corrected_in_payrail", "provider_corrected",
            "duplicate_confirmed", "timing_difference", "other");

    private final ReconciliationRuns runs;
    private final ReconciliationExceptions exceptions;
    private final PayrailProperties properties;
    private final JsonMapper json;

    ReconciliationController(ReconciliationRuns runs, ReconciliationExceptions exceptions, PayrailProperties properties,
                             JsonMapper json) {
        this.runs = runs;
        this.exceptions = exceptions;
        this.properties = properties;
        this.json = json;
    }

    @Operation(operationId = "importSettlementReport", summary = "Upload a settlement report (multipart: file, provider, format) and reconcile it")
    @PostMapping(ReportUploads.PATH)
    public ResponseEntity<Map<String, Object>> upload(@RequestParam("file") MultipartFile file,
                                                      @RequestParam("provider") String provider,
                                                      @RequestParam(value = "format", required = false) String format) {
        PayrailProperties.Provider settings = properties.providers().get(provider);
        if (settings == null) {
            throw ApiException.invalid("parameter_invalid", "provider", "No provider named " + provider + ".");
        }
        ReportFormat reportFormat = format(format, settings.type());
        try {
            ReconciliationRuns.Imported imported = runs.importReport(provider, reportFormat, file.getOriginalFilename(),
                    file::getInputStream);
            Map<String, Object> run = exceptions.run(imported.runId()).orElseThrow();
            run.put("duplicate_report", imported.duplicate());
            return ResponseEntity.status(imported.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).body(run);
        } catch (MalformedReportException e) {
            throw ApiException.invalid("report_malformed", "file", "The report was not imported: " + e.getMessage() + ".");
        }
    }

    @Operation(operationId = "retrieveReconciliationRun", summary = "A run's summary: rows, matched, exceptions by category with money at stake")
    @GetMapping("/v1/reconciliation/runs/{id}")
    public Map<String, Object> run(@PathVariable String id) {
        return exceptions.run(id).orElseThrow(() -> ApiException.notFound("reconciliation_run", id));
    }

    @Operation(operationId = "exportReconciliationRun", summary = "A run's exceptions as CSV or JSON")
    @GetMapping("/v1/reconciliation/runs/{id}/export")
    public void export(@PathVariable String id, @RequestParam(defaultValue = "csv") String format,
                       @Parameter(hidden = true) HttpServletResponse response) throws IOException {
        exceptions.run(id).orElseThrow(() -> ApiException.notFound("reconciliation_run", id));
        if (!Set.of("csv", "json").contains(format)) {
            throw ApiException.invalid("parameter_invalid", "format", "format must be csv or json.");
        }
        response.setContentType("csv".equals(format) ? "text/csv; charset=utf-8" : "application/json");
        exceptions.export(id, "csv".equals(format), response.getWriter());
    }

    @Operation(operationId = "listReconciliationExceptions", summary = "Exceptions, newest first; filter by status, category, run, provider")
    @GetMapping("/v1/reconciliation/exceptions")
    public Map<String, Object> list(@Parameter(hidden = true) @RequestParam Map<String, String> query) {
        QueryParams params = QueryParams.of(query, Set.of("limit", "starting_after", "status", "category", "run", "provider"));
        int limit = params.limit();
        Optional<String> status = params.text("status");
        if (status.isPresent() && !Set.of("open", "acknowledged", "resolved", "auto_resolved").contains(status.get())) {
            throw ApiException.invalid("parameter_invalid", "status", "Unknown status: " + status.get());
        }
        return ListPage.of("/v1/reconciliation/exceptions", exceptions.list(status, params.text("category"), params.text("run"),
                params.text("provider"), params.text("starting_after"), limit + 1), limit, exception -> exception);
    }

    @Operation(operationId = "retrieveReconciliationException", summary = "An exception with its audit trail")
    @GetMapping("/v1/reconciliation/exceptions/{id}")
    public Map<String, Object> exception(@PathVariable String id) {
        return exceptions.find(id).orElseThrow(() -> ApiException.notFound("reconciliation_exception", id));
    }

    @Operation(operationId = "acknowledgeReconciliationException", summary = "Someone is on it")
    @PostMapping("/v1/reconciliation/exceptions/{id}/acknowledge")
    public Map<String, Object> acknowledge(@PathVariable String id, @Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                           @Parameter(hidden = true) jakarta.servlet.http.HttpServletRequest request) {
        JsonParams params = JsonParams.parse(json, body, Set.of("note", "actor"));
        return exceptions.acknowledge(id, actor(params, request),
                params.optionalFreeText("note", 2000).orElse(null));
    }

    @Operation(operationId = "resolveReconciliationException", summary = "Close with a resolution code and a note")
    @PostMapping("/v1/reconciliation/exceptions/{id}/resolve")
    public Map<String, Object> resolve(@PathVariable String id, @Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                       @Parameter(hidden = true) jakarta.servlet.http.HttpServletRequest request) {
        JsonParams params = JsonParams.parse(json, body, Set.of("resolution_code", "note", "actor"));
        String code = params.requiredString("resolution_code", 40);
        if (!RESOLUTIONS.contains(code)) {
            throw ApiException.invalid("parameter_invalid", "resolution_code", "resolution_code must be one of " + RESOLUTIONS + ".");
        }
        String note = params.optionalFreeText("note", 2000).orElseThrow(() -> params.missing("note"));
        return exceptions.resolve(id, code, note, actor(params, request));
    }

    /**
     * Who did it: the authenticated operator. A name given as {@code actor} (from before operators had their own
     * credentials) is kept beside it, never instead of it.
     */
    private static String actor(JsonParams params, jakarta.servlet.http.HttpServletRequest request) {
        String operator = dev.payrail.server.security.Caller.of(request).auditActor();
        return params.optionalString("actor", 100).map(named -> operator + " (" + named + ")").orElse(operator);
    }

    private static ReportFormat format(String requested, String providerType) {
        if (requested != null) {
            try {
                return ReportFormat.valueOf(requested.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("parameter_invalid", "format",
                        "format must be stripe_payout_reconciliation or adyen_settlement_details.");
            }
        }
        return "adyen".equals(providerType) ? ReportFormat.ADYEN_SETTLEMENT_DETAILS : ReportFormat.STRIPE_PAYOUT_RECONCILIATION;
    }
}
