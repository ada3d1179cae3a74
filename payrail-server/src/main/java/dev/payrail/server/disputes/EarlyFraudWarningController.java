package dev.payrail.server.disputes;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.ListPage;
import dev.payrail.server.api.QueryParams;
import dev.payrail.server.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.Set;

/** /v1/early_fraud_warnings: the issuers' fraud reports on the merchant's payments, as its providers passed them on. */
@RestController
public class EarlyFraudWarningController {
    private final EarlyFraudWarnings warnings;

    EarlyFraudWarningController(EarlyFraudWarnings warnings) {
        this.warnings = warnings;
    }

    @Operation(operationId = "listEarlyFraudWarnings", summary = "Early fraud warnings, newest first")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 to 100, default 10", schema = @Schema(type = "integer"))
    @Parameter(name = "payment", in = ParameterIn.QUERY, description = "only this payment's", schema = @Schema(type = "string"))
    @GetMapping("/v1/early_fraud_warnings")
    public Map<String, Object> list(@Parameter(hidden = true) @RequestParam Map<String, String> query,
                                    @Parameter(hidden = true) HttpServletRequest request) {
        QueryParams params = QueryParams.of(query, Set.of("limit", "payment"));
        return ListPage.whole("/v1/early_fraud_warnings", warnings.list(Caller.of(request).merchantId(), params.text("payment"),
                params.limit()).stream().map(EarlyFraudWarnings::json).toList());
    }

    @Operation(operationId = "retrieveEarlyFraudWarning", summary = "Retrieve an early fraud warning")
    @GetMapping("/v1/early_fraud_warnings/{id}")
    public Map<String, Object> retrieve(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) {
        return EarlyFraudWarnings.json(warnings.find(Caller.of(request).merchantId(), id)
                .orElseThrow(() -> ApiException.notFound("early_fraud_warning", id)));
    }
}
