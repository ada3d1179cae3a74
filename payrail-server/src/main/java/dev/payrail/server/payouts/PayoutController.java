package dev.payrail.server.payouts;

import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.commands.CommandPipeline;
import org.springframework.http.ResponseEntity;
import dev.payrail.core.money.CurrencyCode;
import dev.payrail.core.money.Money;
import dev.payrail.core.payouts.PayoutStatus;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import dev.payrail.server.api.ListPage;
import dev.payrail.server.api.QueryParams;
import dev.payrail.server.merchants.MerchantStore;
import dev.payrail.server.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * /v1/payouts: pay available funds out to a bank account token; list, retrieve, cancel (while an
 * automatic payout still waits). /v1/admin/merchants/{id}/payout_schedule sets automatic payouts.
 */
@RestController
public class PayoutController {
    private static final String DESTINATION = "ba_[A-Za-z0-9_]{1,64}";
    private static final Set<String> WEEKDAYS = Set.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");

    private final PayoutStore payouts;
    private final PayoutCommands commands;
    private final MerchantStore merchants;
    private final JsonMapper json;

    private final CommandPipeline pipeline;

    PayoutController(PayoutStore payouts, PayoutCommands commands, MerchantStore merchants, JsonMapper json,
                     CommandPipeline pipeline) {
        this.pipeline = pipeline;
        this.payouts = payouts;
        this.commands = commands;
        this.merchants = merchants;
        this.json = json;
    }

    @Operation(operationId = "createPayout", summary = "Pay out available funds: amount, currency, destination (ba_...)")
    @PostMapping("/v1/payouts")
    public ResponseEntity<byte[]> create(@Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                         @Parameter(hidden = true) HttpServletRequest request,
                                         @Parameter(hidden = true) CommandOrigin origin) {
        JsonParams params = JsonParams.parse(json, body, Set.of("amount", "currency", "destination"));
        long amount = params.requiredLong("amount");
        if (amount <= 0) {
            throw ApiException.invalid("parameter_invalid_integer", "amount", "amount must be a positive integer in minor units.");
        }
        String currencyCode = params.requiredString("currency", 3);
        CurrencyCode currency = CurrencyCode.parse(currencyCode)
                .orElseThrow(() -> ApiException.invalid("currency_invalid", "currency", "Unknown currency: " + currencyCode));
        String destination = params.requiredString("destination", 70);
        if (!destination.matches(DESTINATION)) {
            throw ApiException.invalid("parameter_invalid", "destination", "destination must be a bank account token (ba_...).");
        }
        Caller caller = Caller.of(request);
        return pipeline.respond(commands.create(origin, caller.merchantId(), new Money(amount, currency), destination, false,
                Instant.now()));
    }

    @Operation(operationId = "listPayouts", summary = "Payouts, newest first")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 to 100, default 10", schema = @Schema(type = "integer"))
    @Parameter(name = "starting_after", in = ParameterIn.QUERY, schema = @Schema(type = "string"))
    @Parameter(name = "status", in = ParameterIn.QUERY, schema = @Schema(type = "string"))
    @GetMapping("/v1/payouts")
    public Map<String, Object> list(@Parameter(hidden = true) @RequestParam Map<String, String> query,
                                    @Parameter(hidden = true) HttpServletRequest request) {
        String merchantId = Caller.of(request).merchantId();
        QueryParams params = QueryParams.of(query, Set.of("limit", "starting_after", "status"));
        int limit = params.limit();
        Optional<PayoutStatus> status = params.oneOf("status", PayoutStatus::fromWireName);
        Optional<Payout> after = params.cursor("payout", id -> payouts.find(merchantId, id));
        return ListPage.of("/v1/payouts", payouts.list(merchantId, status, after, limit + 1), limit, Payout::json);
    }

    @Operation(operationId = "retrievePayout", summary = "Retrieve a payout")
    @GetMapping("/v1/payouts/{id}")
    public Map<String, Object> retrieve(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) {
        return payouts.find(Caller.of(request).merchantId(), id).orElseThrow(() -> ApiException.notFound("payout", id)).json();
    }

    @Operation(operationId = "cancelPayout", summary = "Cancel a payout that has not been sent (automatic payouts wait)")
    @PostMapping("/v1/payouts/{id}/cancel")
    public ResponseEntity<byte[]> cancel(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request,
                                         @Parameter(hidden = true) CommandOrigin origin) {
        return pipeline.respond(commands.cancel(origin, Caller.of(request).merchantId(), id));
    }

    @Operation(operationId = "setPayoutSchedule", summary = "Automatic payouts: interval manual, daily or weekly (with weekly_anchor), destination (admin token)")
    @PostMapping("/v1/admin/merchants/{merchantId}/payout_schedule")
    public Map<String, Object> schedule(@PathVariable String merchantId,
                                        @Parameter(hidden = true) @RequestBody(required = false) byte[] body) {
        JsonParams params = JsonParams.parse(json, body, Set.of("interval", "weekly_anchor", "destination"));
        String interval = params.requiredString("interval", 10);
        if (!Set.of("manual", "daily", "weekly").contains(interval)) {
            throw ApiException.invalid("parameter_invalid", "interval", "interval must be manual, daily or weekly.");
        }
        Optional<String> anchor = params.optionalString("weekly_anchor", 10);
        if ("weekly".equals(interval) && (anchor.isEmpty() || !WEEKDAYS.contains(anchor.get()))) {
            throw ApiException.invalid("parameter_invalid", "weekly_anchor", "A weekly schedule needs weekly_anchor (monday ... sunday).");
        }
        Optional<String> destination = params.optionalString("destination", 70);
        if (!"manual".equals(interval) && (destination.isEmpty() || !destination.get().matches(DESTINATION))) {
            throw ApiException.invalid("parameter_invalid", "destination", "Automatic payouts need a destination (ba_...).");
        }
        merchants.find(merchantId).orElseThrow(() -> ApiException.notFound("merchant", merchantId));
        payouts.saveSchedule(merchantId, interval, "weekly".equals(interval) ? anchor.get() : null, destination.orElse(null));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("object", "payout_schedule");
        answer.put("merchant", merchantId);
        answer.put("interval", interval);
        answer.put("weekly_anchor", "weekly".equals(interval) ? anchor.get() : null);
        answer.put("destination", destination.orElse(null));
        return answer;
    }
}
