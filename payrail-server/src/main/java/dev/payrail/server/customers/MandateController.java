package dev.payrail.server.customers;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.commands.CommandPipeline;
import dev.payrail.server.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** /v1/mandates: the payer's authorization to debit their bank account, recorded with how it was accepted. */
@RestController
public class MandateController {
    private final Mandates mandates;
    private final CommandPipeline pipeline;
    private final JsonMapper json;

    MandateController(Mandates mandates, CommandPipeline pipeline, JsonMapper json) {
        this.mandates = mandates;
        this.pipeline = pipeline;
        this.json = json;
    }

    @Schema(name = "CreateMandate")
    record CreateMandate(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String customer,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "A sepa_debit pm_") String payment_method,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Acceptance customer_acceptance) {
    }

    @Schema(name = "MandateAcceptance")
    record Acceptance(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"online", "offline"}) String type,
                      @Schema(description = "Unix seconds; defaults to now") Long accepted_at, Online online) {
    }

    @Schema(name = "MandateOnlineAcceptance")
    record Online(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String ip_address,
                  @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String user_agent) {
    }

    @Operation(operationId = "createMandate", summary = "Record a payer's mandate for a bank account; the account is saved "
            + "to the customer for debits without them",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = CreateMandate.class))))
    @PostMapping("/v1/mandates")
    public ResponseEntity<byte[]> create(@Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                         @Parameter(hidden = true) HttpServletRequest request,
                                         @Parameter(hidden = true) CommandOrigin origin) {
        JsonParams params = JsonParams.parse(json, body, Set.of("customer", "payment_method", "customer_acceptance"));
        String customer = params.requiredString("customer", 64);
        String account = params.requiredString("payment_method", 64);
        JsonParams acceptance = params.optionalObject("customer_acceptance", Set.of("type", "accepted_at", "online"))
                .orElseThrow(() -> params.missing("customer_acceptance"));
        String type = acceptance.requiredString("type", 16);
        if (!Set.of("online", "offline").contains(type)) {
            throw ApiException.invalid("parameter_invalid", "customer_acceptance.type", "type must be online or offline.");
        }
        Instant acceptedAt = acceptance.optionalLong("accepted_at").map(Instant::ofEpochSecond).orElse(Instant.now());
        if (acceptedAt.isAfter(Instant.now().plusSeconds(300))) {
            throw ApiException.invalid("parameter_invalid", "customer_acceptance.accepted_at", "accepted_at is in the future.");
        }
        String ip = null;
        String agent = null;
        if ("online".equals(type)) {
            JsonParams online = acceptance.optionalObject("online", Set.of("ip_address", "user_agent"))
                    .orElseThrow(() -> acceptance.missing("online"));
            ip = online.requiredString("ip_address", 45);
            if (!ip.matches("^[0-9a-fA-F.:]{2,45}$")) {
                throw ApiException.invalid("parameter_invalid", "customer_acceptance.online.ip_address", "ip_address is an IPv4 or IPv6 address.");
            }
            agent = online.optionalFreeText("user_agent", 500).orElseThrow(() -> online.missing("user_agent"));
        }
        return pipeline.respond(mandates.create(origin, Caller.of(request).merchantId(), customer, account,
                new Mandates.Acceptance(type, acceptedAt, ip, agent)));
    }

    @Operation(operationId = "retrieveMandate", summary = "Retrieve a mandate")
    @GetMapping("/v1/mandates/{id}")
    public Map<String, Object> retrieve(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) {
        return Mandates.json(mandates.get(Caller.of(request).merchantId(), id));
    }

    @Operation(operationId = "revokeMandate", summary = "Revoke a mandate: no debit is made under it any more")
    @PostMapping("/v1/mandates/{id}/revoke")
    public ResponseEntity<byte[]> revoke(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request,
                                         @Parameter(hidden = true) CommandOrigin origin) {
        return pipeline.respond(mandates.revoke(origin, Caller.of(request).merchantId(), id));
    }
}
