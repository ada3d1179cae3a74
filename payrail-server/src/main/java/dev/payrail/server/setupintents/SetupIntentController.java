package dev.payrail.server.setupintents;

import dev.payrail.core.customers.CardUsage;
import dev.payrail.core.money.CurrencyCode;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import dev.payrail.server.api.ListPage;
import dev.payrail.server.api.QueryParams;
import dev.payrail.server.api.ReturnUrls;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.commands.CommandPipeline;
import dev.payrail.server.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** /v1/setup_intents: save a card to a customer without a payment, verified by the provider first. */
@RestController
public class SetupIntentController {
    private static final Set<String> CANCELLATION_REASONS = Set.of("abandoned", "duplicate", "requested_by_customer");

    private final SetupIntents intents;
    private final SetupIntentStore store;
    private final CommandPipeline pipeline;
    private final JsonMapper json;

    SetupIntentController(SetupIntents intents, SetupIntentStore store, CommandPipeline pipeline, JsonMapper json) {
        this.intents = intents;
        this.store = store;
        this.pipeline = pipeline;
        this.json = json;
    }

    @Schema(name = "CreateSetupIntent")
    record CreateSetupIntent(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "cus_...") String customer,
                             @Schema(allowableValues = {"off_session", "on_session"}, description = "Defaults to off_session")
                             String usage,
                             @Schema(description = "The currency of the zero-amount verification; defaults to eur") String currency,
                             String payment_method, Boolean confirm, String return_url,
                             SetupOptions payment_method_options, Map<String, String> metadata) {
    }

    @Schema(name = "SetupOptions")
    record SetupOptions(CardOptions card) {
    }

    @Schema(name = "SetupCardOptions")
    record CardOptions(@Schema(allowableValues = {"automatic", "any"}) String request_three_d_secure) {
    }

    @Schema(name = "ConfirmSetupIntent")
    record ConfirmSetupIntent(String payment_method, String return_url) {
    }

    @Operation(operationId = "createSetupIntent", summary = "Save a card to a customer without a payment; with confirm=true "
            + "the provider verifies it at once",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = CreateSetupIntent.class))))
    @PostMapping("/v1/setup_intents")
    public ResponseEntity<byte[]> create(@Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                         @Parameter(hidden = true) HttpServletRequest request,
                                         @Parameter(hidden = true) CommandOrigin origin) {
        JsonParams params = JsonParams.parse(json, body, Set.of("customer", "usage", "currency", "payment_method", "confirm",
                "return_url", "payment_method_options", "metadata"));
        String customer = params.requiredString("customer", 64);
        String usage = params.optionalString("usage", 16).orElse("off_session");
        if (CardUsage.SavedFor.fromWireName(usage).isEmpty()) {
            throw ApiException.invalid("parameter_invalid", "usage", "usage must be off_session or on_session.");
        }
        String code = params.optionalString("currency", 16).orElse("eur");
        CurrencyCode currency = CurrencyCode.parse(code).orElseThrow(() -> ApiException.invalid("currency_invalid", "currency",
                "Invalid currency: '" + code + "'. Use an ISO 4217 code such as eur."));
        Optional<String> wish = dev.payrail.server.api.AuthenticationParams.requestThreeDSecure(params);
        SetupIntents.NewSetupIntent created = new SetupIntents.NewSetupIntent(customer, usage, currency,
                params.optionalString("payment_method", 64), params.optionalBoolean("confirm").orElse(false), ReturnUrls.param(params),
                wish, params.metadata("metadata"));
        return pipeline.respond(intents.create(origin, Caller.of(request).merchantId(), created));
    }

    @Operation(operationId = "retrieveSetupIntent", summary = "Retrieve a setup intent")
    @GetMapping("/v1/setup_intents/{id}")
    public Map<String, Object> retrieve(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) {
        return SetupIntentJson.of(intents.get(Caller.of(request).merchantId(), id));
    }

    @Operation(operationId = "listSetupIntents", summary = "Setup intents, newest first")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 to 100, default 10", schema = @Schema(type = "integer"))
    @Parameter(name = "starting_after", in = ParameterIn.QUERY, schema = @Schema(type = "string"))
    @Parameter(name = "customer", in = ParameterIn.QUERY, schema = @Schema(type = "string"))
    @GetMapping("/v1/setup_intents")
    public Map<String, Object> list(@Parameter(hidden = true) @RequestParam Map<String, String> query,
                                    @Parameter(hidden = true) HttpServletRequest request) {
        String merchantId = Caller.of(request).merchantId();
        QueryParams params = QueryParams.of(query, Set.of("limit", "starting_after", "customer"));
        int limit = params.limit();
        Optional<SetupIntent> after = params.cursor("setup_intent", id -> store.find(merchantId, id));
        return ListPage.of("/v1/setup_intents", store.list(merchantId, params.text("customer"), after, limit), limit,
                SetupIntentJson::of);
    }

    @Operation(operationId = "confirmSetupIntent", summary = "Verify the card with the provider (3-D Secure where the issuer asks)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = ConfirmSetupIntent.class))))
    @PostMapping("/v1/setup_intents/{id}/confirm")
    public ResponseEntity<byte[]> confirm(@PathVariable String id, @Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                          @Parameter(hidden = true) HttpServletRequest request,
                                          @Parameter(hidden = true) CommandOrigin origin) {
        JsonParams params = JsonParams.parse(json, body, Set.of("payment_method", "return_url"));
        return pipeline.respond(intents.confirm(origin, Caller.of(request).merchantId(), id,
                params.optionalString("payment_method", 64), ReturnUrls.param(params)));
    }

    @Operation(operationId = "cancelSetupIntent", summary = "Cancel a setup intent that has not succeeded")
    @PostMapping("/v1/setup_intents/{id}/cancel")
    public ResponseEntity<byte[]> cancel(@PathVariable String id, @Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                         @Parameter(hidden = true) HttpServletRequest request,
                                         @Parameter(hidden = true) CommandOrigin origin) {
        JsonParams params = JsonParams.parse(json, body, Set.of("cancellation_reason"));
        String reason = params.optionalString("cancellation_reason", 32).orElse("requested_by_customer");
        if (!CANCELLATION_REASONS.contains(reason)) {
            throw ApiException.invalid("parameter_invalid", "cancellation_reason",
                    "cancellation_reason must be abandoned, duplicate or requested_by_customer.");
        }
        return pipeline.respond(intents.cancel(origin, Caller.of(request).merchantId(), id, reason));
    }
}
