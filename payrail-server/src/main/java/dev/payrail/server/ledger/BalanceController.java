package dev.payrail.server.ledger;

import dev.payrail.core.ledger.PostingEvent;
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

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The merchant's balance and its movements, shaped like Stripe's: {@code GET /v1/balance} (available and
 * pending per currency) and {@code GET /v1/balance_transactions} (gross {@code amount}, {@code fee},
 * {@code net}, {@code type}, {@code source}, {@code status}, {@code available_on}), newest first.
 */
@RestController
public class BalanceController {
    private static final Set<String> TYPES = Arrays.stream(PostingEvent.values())
            .flatMap(e -> e.balanceTransactionType().stream()).collect(Collectors.toUnmodifiableSet());

    private final Balances balances;

    BalanceController(Balances balances) {
        this.balances = balances;
    }

    @Operation(operationId = "retrieveBalance", summary = "Available and pending funds per currency")
    @GetMapping("/v1/balance")
    public Map<String, Object> balance(@Parameter(hidden = true) HttpServletRequest request) {
        Balances.Funds funds = balances.of(Caller.of(request).merchantId());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("object", "balance");
        json.put("livemode", false);
        json.put("available", funds.available());
        json.put("pending", funds.pending());
        return json;
    }

    @Operation(operationId = "listBalanceTransactions", summary = "Movements of the balance, newest first")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 to 100, default 10", schema = @Schema(type = "integer"))
    @Parameter(name = "starting_after", in = ParameterIn.QUERY, description = "Cursor: the last id of the previous page", schema = @Schema(type = "string"))
    @Parameter(name = "type", in = ParameterIn.QUERY, description = "charge, refund, refund_failure, dispute, dispute_fee, dispute_reversal, payout, payout_failure", schema = @Schema(type = "string"))
    @Parameter(name = "created[gte]", in = ParameterIn.QUERY, description = "Unix seconds", schema = @Schema(type = "integer"))
    @Parameter(name = "created[lte]", in = ParameterIn.QUERY, description = "Unix seconds", schema = @Schema(type = "integer"))
    @GetMapping("/v1/balance_transactions")
    public Map<String, Object> list(@Parameter(hidden = true) @RequestParam Map<String, String> query,
                                    @Parameter(hidden = true) HttpServletRequest request) {
        String merchantId = Caller.of(request).merchantId();
        QueryParams params = QueryParams.of(query, Set.of("limit", "starting_after", "type", "created[gte]", "created[lte]"));
        int limit = params.limit();
        Optional<String> type = params.text("type");
        if (type.isPresent() && !TYPES.contains(type.get())) {
            throw ApiException.invalid("parameter_invalid", "type", "Unknown balance transaction type: " + type.get());
        }
        long before = params.cursor("balance transaction", id -> balances.position(merchantId, id)).orElse(Long.MAX_VALUE);
        List<Map<String, Object>> page = balances.transactions(merchantId, type, params.createdFrom().orElse(Instant.EPOCH),
                params.createdUntil().orElse(Instant.parse("9999-12-31T00:00:00Z")), before, limit + 1);
        return ListPage.of("/v1/balance_transactions", page, limit, transaction -> transaction);
    }

    @Operation(operationId = "retrieveBalanceTransaction", summary = "Retrieve a balance transaction")
    @GetMapping("/v1/balance_transactions/{id}")
    public Map<String, Object> retrieve(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) {
        return balances.transaction(Caller.of(request).merchantId(), id)
                .orElseThrow(() -> ApiException.notFound("balance_transaction", id));
    }
}
