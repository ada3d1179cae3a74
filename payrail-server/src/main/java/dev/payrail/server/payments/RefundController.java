package dev.payrail.server.payments;

import org.springframework.web.bind.annotation.RequestParam;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import dev.payrail.server.api.QueryParams;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.commands.CommandPipeline;
import org.springframework.http.ResponseEntity;
import dev.payrail.server.api.ListPage;
import dev.payrail.core.payments.RefundStatus;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import dev.payrail.server.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** /v1/refunds: refund all or part of a captured payment, as many times as the captured amount allows. */
@RestController
@RequestMapping("/v1/refunds")
public class RefundController {
    /** Why a refund is made: the reasons merchants and operators may give. */
    public static final Set<String> REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer");

    private final RefundCommands commands;
    private final JsonMapper json;
    private final CommandPipeline pipeline;

    RefundController(RefundCommands commands, JsonMapper json, CommandPipeline pipeline) {
        this.pipeline = pipeline;
        this.commands = commands;
        this.json = json;
    }

    @Operation(operationId = "createRefund", summary = "Refund all or part of a captured payment",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = PaymentApiSchemas.CreateRefund.class))))
    @PostMapping
    public ResponseEntity<byte[]> create(@Parameter(hidden = true) @RequestBody(required = false) byte[] body, HttpServletRequest request,
                                         @Parameter(hidden = true) CommandOrigin origin) {
        Caller caller = Caller.of(request);
        JsonParams params = JsonParams.parse(json, body, Set.of("payment", "amount", "reason"));
        String paymentId = params.requiredString("payment", 64);
        Optional<Long> amount = params.optionalLong("amount");
        if (amount.isPresent() && amount.get() <= 0) {
            throw ApiException.invalid("amount_invalid", "amount", "amount must be a positive integer in minor units.");
        }
        Optional<String> reason = params.optionalString("reason", 32);
        if (reason.isPresent() && !REASONS.contains(reason.get())) {
            throw ApiException.invalid("parameter_invalid", "reason",
                    "reason must be one of duplicate, fraudulent, requested_by_customer.");
        }
        return pipeline.respond(commands.create(origin, caller.merchantId(), paymentId, amount, reason.orElse(null)));
    }

    @Operation(operationId = "listRefunds", summary = "List refunds, newest first")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 to 100, default 10", schema = @Schema(type = "integer"))
    @Parameter(name = "starting_after", in = ParameterIn.QUERY, description = "Cursor: the last id of the previous page", schema = @Schema(type = "string"))
    @Parameter(name = "status", in = ParameterIn.QUERY, schema = @Schema(type = "string", allowableValues = {"pending", "succeeded", "failed"}))
    @Parameter(name = "payment", in = ParameterIn.QUERY, description = "Only the refunds of this payment", schema = @Schema(type = "string"))
    @Parameter(name = "created[gte]", in = ParameterIn.QUERY, description = "Unix seconds", schema = @Schema(type = "integer"))
    @Parameter(name = "created[lte]", in = ParameterIn.QUERY, description = "Unix seconds", schema = @Schema(type = "integer"))
    @GetMapping
    public Map<String, Object> list(@Parameter(hidden = true) @RequestParam Map<String, String> query, HttpServletRequest request) {
        String merchantId = Caller.of(request).merchantId();
        QueryParams params = QueryParams.of(query, Set.of("limit", "starting_after", "status", "payment", "created[gte]", "created[lte]"));
        int limit = params.limit();
        Optional<RefundStatus> status = params.oneOf("status", RefundStatus::fromWireName);
        Optional<Refund> after = params.cursor("refund", id -> commands.find(merchantId, id));
        RefundListQuery list = new RefundListQuery(status, Optional.ofNullable(query.get("payment")), params.createdFrom(),
                params.createdUntil(), after, limit);
        return ListPage.of("/v1/refunds", commands.list(merchantId, list), limit, PaymentJson::refund);
    }

    @Operation(operationId = "retrieveRefund", summary = "Retrieve a refund")
    @GetMapping("/{id}")
    public Map<String, Object> retrieve(@PathVariable String id, HttpServletRequest request) {
        return PaymentJson.refund(commands.get(Caller.of(request).merchantId(), id));
    }
}
