package dev.payrail.server.ledger;

import dev.payrail.core.ledger.FeeSchedule;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import dev.payrail.server.merchants.MerchantStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finance and operator endpoints under /v1/admin (admin token): the invariant check, the journal export,
 * and merchants' fee schedules.
 */
@RestController
public class LedgerAdminController {
    private final LedgerInvariants invariants;
    private final LedgerExport export;
    private final FeeSchedules fees;
    private final MerchantStore merchants;
    private final JsonMapper json;

    LedgerAdminController(LedgerInvariants invariants, LedgerExport export, FeeSchedules fees, MerchantStore merchants,
                          JsonMapper json) {
        this.invariants = invariants;
        this.export = export;
        this.fees = fees;
        this.merchants = merchants;
        this.json = json;
    }

    @Operation(operationId = "checkLedger", summary = "Run the ledger invariant check now (admin token)")
    @GetMapping("/v1/admin/ledger/check")
    public Map<String, Object> check() {
        List<LedgerInvariants.Violation> violations = invariants.check();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("object", "ledger_check");
        answer.put("ok", violations.isEmpty());
        answer.put("violations", violations.stream().map(v -> Map.of("rule", v.rule(), "subject", v.subject(),
                "detail", v.detail())).toList());
        return answer;
    }

    /**
     * Streams journal lines of entries created in [from, to): CSV (default) or a JSON array. Rows are read
     * with a cursor and written as they come, so a month of lines never sits in memory.
     */
    @Operation(operationId = "exportLedger", summary = "Journal lines of a period as CSV or JSON, streamed (admin token)")
    @GetMapping("/v1/admin/ledger/export")
    public void export(@RequestParam String from, @RequestParam String to,
                       @RequestParam(defaultValue = "csv") String format,
                       @Parameter(hidden = true) HttpServletResponse response) throws IOException {
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (!end.isAfter(start)) {
            throw ApiException.invalid("parameter_invalid", "to", "to must be after from.");
        }
        if (!Set.of("csv", "json").contains(format)) {
            throw ApiException.invalid("parameter_invalid", "format", "format must be csv or json.");
        }
        response.setContentType("csv".equals(format) ? "text/csv; charset=utf-8" : "application/json");
        response.setHeader("Content-Disposition", "attachment; filename=\"journal-" + from + "-" + to + "." + format + "\"");
        export.write(start, end, "csv".equals(format) ? LedgerExport.Format.CSV : LedgerExport.Format.JSON, response.getWriter());
    }

    @Operation(operationId = "retrieveFeeSchedule", summary = "A merchant's fee schedule (admin token)")
    @GetMapping("/v1/admin/merchants/{merchantId}/fee_schedule")
    public Map<String, Object> feeSchedule(@PathVariable String merchantId) {
        requireMerchant(merchantId);
        boolean own = fees.own(merchantId).isPresent();
        return feeScheduleJson(merchantId, fees.of(merchantId), own);
    }

    @Operation(operationId = "setFeeSchedule", summary = "Set a merchant's fee schedule: basis_points and fixed per currency (admin token)")
    @PostMapping("/v1/admin/merchants/{merchantId}/fee_schedule")
    public Map<String, Object> setFeeSchedule(@PathVariable String merchantId,
                                              @Parameter(hidden = true) @RequestBody(required = false) byte[] body) {
        JsonParams params = JsonParams.parse(json, body, Set.of("basis_points", "fixed"));
        long basisPoints = params.requiredLong("basis_points");
        if (basisPoints < 0 || basisPoints > 10_000) {
            throw ApiException.invalid("parameter_invalid_integer", "basis_points", "basis_points must be between 0 and 10000.");
        }
        Map<String, Long> fixed = params.amountsByCurrency("fixed");
        requireMerchant(merchantId);
        FeeSchedule schedule = new FeeSchedule(basisPoints, fixed);
        fees.set(merchantId, schedule);
        return feeScheduleJson(merchantId, schedule, true);
    }

    private void requireMerchant(String merchantId) {
        merchants.find(merchantId).orElseThrow(() -> ApiException.notFound("merchant", merchantId));
    }

    private static Map<String, Object> feeScheduleJson(String merchantId, FeeSchedule schedule, boolean own) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("object", "fee_schedule");
        answer.put("merchant", merchantId);
        answer.put("basis_points", schedule.basisPoints());
        Map<String, Long> fixed = new java.util.TreeMap<>();
        schedule.fixedByCurrency().forEach((currency, amount) -> fixed.put(currency.toLowerCase(java.util.Locale.ROOT), amount));
        answer.put("fixed", fixed);
        answer.put("source", own ? "merchant" : "default");
        return answer;
    }

    /** Unix seconds, a date (UTC midnight) or an ISO-8601 instant. */
    private static Instant instant(String param, String raw) {
        try {
            if (raw.matches("\\d{1,12}")) {
                return Instant.ofEpochSecond(Long.parseLong(raw));
            }
            if (raw.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(raw).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("parameter_invalid", param, param + " must be Unix seconds, a date (2026-11-01) or an ISO-8601 instant.");
        }
    }
}
