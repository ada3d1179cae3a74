package dev.payrail.server.disputes;

import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.commands.CommandPipeline;
import org.springframework.http.ResponseEntity;
import dev.payrail.core.disputes.DisputeStatus;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * /v1/disputes: list and retrieve, save or submit evidence ({@code POST /v1/disputes/{id}}), accept
 * ({@code POST /v1/disputes/{id}/close}). Disputes themselves are opened by providers.
 */
@RestController
public class DisputeController {
    /** Evidence fields: text, or a file reference ({@code file_...}) for the ones named *_file or documents. */
    static final Set<String> TEXT_EVIDENCE = Set.of("product_description", "customer_name", "customer_email_address",
            "billing_address", "shipping_address", "shipping_carrier", "shipping_tracking_number", "shipping_date",
            "service_date", "refund_policy_disclosure", "refund_refusal_explanation", "cancellation_rebuttal",
            "duplicate_charge_explanation", "uncategorized_text");
    static final Set<String> FILE_EVIDENCE = Set.of("customer_communication", "receipt", "shipping_documentation",
            "service_documentation", "refund_policy", "cancellation_policy", "uncategorized_file");
    private static final int MAX_TEXT = 20_000;

    private final DisputeStore disputes;
    private final DisputeCommands commands;
    private final JsonMapper json;

    private final CommandPipeline pipeline;

    DisputeController(DisputeStore disputes, DisputeCommands commands, JsonMapper json, CommandPipeline pipeline) {
        this.pipeline = pipeline;
        this.disputes = disputes;
        this.commands = commands;
        this.json = json;
    }

    @Operation(operationId = "listDisputes", summary = "Disputes, newest first")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 to 100, default 10", schema = @Schema(type = "integer"))
    @Parameter(name = "starting_after", in = ParameterIn.QUERY, schema = @Schema(type = "string"))
    @Parameter(name = "status", in = ParameterIn.QUERY, schema = @Schema(type = "string"))
    @GetMapping("/v1/disputes")
    public Map<String, Object> list(@Parameter(hidden = true) @RequestParam Map<String, String> query,
                                    @Parameter(hidden = true) HttpServletRequest request) {
        String merchantId = Caller.of(request).merchantId();
        QueryParams params = QueryParams.of(query, Set.of("limit", "starting_after", "status"));
        int limit = params.limit();
        Optional<DisputeStatus> status = params.oneOf("status", DisputeStatus::fromWireName);
        Optional<Dispute> after = params.cursor("dispute", id -> disputes.find(merchantId, id));
        return ListPage.of("/v1/disputes", disputes.list(merchantId, status, after, limit + 1), limit, DisputeJson::of);
    }

    @Operation(operationId = "retrieveDispute", summary = "Retrieve a dispute")
    @GetMapping("/v1/disputes/{id}")
    public Map<String, Object> retrieve(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) {
        return DisputeJson.of(disputes.find(Caller.of(request).merchantId(), id)
                .orElseThrow(() -> ApiException.notFound("dispute", id)));
    }

    @Operation(operationId = "updateDispute", summary = "Save evidence; with submit=true, send it (before evidence_details.due_by)")
    @PostMapping("/v1/disputes/{id}")
    public ResponseEntity<byte[]> update(@PathVariable String id, @Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                         @Parameter(hidden = true) HttpServletRequest request,
                                         @Parameter(hidden = true) CommandOrigin origin) {
        JsonParams params = JsonParams.parse(json, body, Set.of("evidence", "submit"));
        Map<String, String> evidence = evidence(JsonParams.object(json, body).path("evidence"));
        boolean submit = params.optionalBoolean("submit").orElse(false);
        Caller caller = Caller.of(request);
        return pipeline.respond(commands.updateEvidence(origin, caller.merchantId(), id, evidence, submit));
    }

    @Operation(operationId = "closeDispute", summary = "Accept the dispute: it is lost, the funds stay with the cardholder")
    @PostMapping("/v1/disputes/{id}/close")
    public ResponseEntity<byte[]> close(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request,
                                        @Parameter(hidden = true) CommandOrigin origin) {
        return pipeline.respond(commands.accept(origin, Caller.of(request).merchantId(), id));
    }

    private static Map<String, String> evidence(JsonNode node) {
        Map<String, String> evidence = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return evidence;
        }
        if (!node.isObject()) {
            throw ApiException.invalid("parameter_invalid_object", "evidence", "evidence must be an object.");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            String param = "evidence." + name;
            if (!TEXT_EVIDENCE.contains(name) && !FILE_EVIDENCE.contains(name)) {
                throw ApiException.invalid("parameter_unknown", param, "Received unknown parameter: " + param);
            }
            if (!field.getValue().isString()) {
                throw ApiException.invalid("parameter_invalid_string", param, param + " must be a string.");
            }
            String value = field.getValue().stringValue();
            if (FILE_EVIDENCE.contains(name) && !value.matches("file_[A-Za-z0-9]{1,64}")) {
                throw ApiException.invalid("parameter_invalid", param, param + " must be a file reference (file_...).");
            }
            if (value.length() > MAX_TEXT) {
                throw ApiException.invalid("parameter_invalid_string", param, param + " must be at most " + MAX_TEXT + " characters.");
            }
            JsonParams.refuseCardNumber(param, value);
            evidence.put(name, value);
        }
        return evidence;
    }
}
