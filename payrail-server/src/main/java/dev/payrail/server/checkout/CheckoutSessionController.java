package dev.payrail.server.checkout;

import dev.payrail.core.money.CurrencyCode;
import dev.payrail.core.money.Money;
import dev.payrail.server.PayrailProperties;
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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * /v1/checkout_sessions: a hosted page on Payrail where the customer pays (3-D Secure included) and is sent on to
 * the merchant's success URL; create, retrieve, list, expire. The merchant's server never sees the card.
 */
@RestController
class CheckoutSessionController {
    /** As Stripe's: a session lives from 30 minutes to 24 hours; the default is the longest. */
    static final Duration SHORTEST = Duration.ofMinutes(30);
    static final Duration LONGEST = Duration.ofHours(24);
    private static final Set<String> PAYMENT_METHOD_TYPES = Set.of("card", "bank_redirect");

    private final CheckoutSessions sessions;
    private final CheckoutSessionStore store;
    private final CommandPipeline pipeline;
    private final JsonMapper json;
    private final long maxAmount;

    CheckoutSessionController(CheckoutSessions sessions, CheckoutSessionStore store, CommandPipeline pipeline, JsonMapper json,
                              PayrailProperties properties) {
        this.sessions = sessions;
        this.store = store;
        this.pipeline = pipeline;
        this.json = json;
        this.maxAmount = properties.payments().maxAmount();
    }

    /** The create request, as documented; the controller reads it with {@link JsonParams}. */
    record CreateCheckoutSession(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Minor units", example = "2500") Long amount,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "eur") String currency,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Where the customer lands once paid; "
                    + "{CHECKOUT_SESSION_ID} is replaced by the session's id") String success_url,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Where the customer goes back to without paying")
            String cancel_url,
            @Schema(description = "What is bought, shown on the page") String description,
            @Schema(description = "Defaults to [card]") List<String> payment_method_types,
            @Schema(description = "Unix seconds, 30 minutes to 24 hours from now; defaults to 24 hours") Long expires_at) {
    }

    @Operation(operationId = "createCheckoutSession", summary = "Create a hosted payment page for the customer",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = CreateCheckoutSession.class))))
    @PostMapping("/v1/checkout_sessions")
    public ResponseEntity<byte[]> create(@Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                         @Parameter(hidden = true) HttpServletRequest request,
                                         @Parameter(hidden = true) CommandOrigin origin) {
        JsonParams params = JsonParams.parse(json, body, Set.of("amount", "currency", "success_url", "cancel_url",
                "description", "payment_method_types", "expires_at"));
        long amount = params.requiredLong("amount");
        if (amount <= 0) {
            throw ApiException.invalid("amount_invalid", "amount", "amount must be a positive integer in minor units.");
        }
        if (amount > maxAmount) {
            throw ApiException.invalid("amount_too_large", "amount", "amount must be at most " + maxAmount + ".");
        }
        String code = params.requiredString("currency", 3);
        CurrencyCode currency = CurrencyCode.parse(code)
                .orElseThrow(() -> ApiException.invalid("currency_invalid", "currency", "Unknown currency: " + code));
        String successUrl = url(params, "success_url");
        String cancelUrl = url(params, "cancel_url");
        String description = params.optionalFreeText("description", 500).orElse(null);
        List<String> types = params.optionalStringList("payment_method_types", PAYMENT_METHOD_TYPES, 2).orElse(List.of("card"));
        if (types.isEmpty()) {
            throw ApiException.invalid("parameter_invalid", "payment_method_types", "payment_method_types must list at least one.");
        }
        if (types.contains("bank_redirect")) {
            dev.payrail.core.payments.BankRedirects.refusal(new Money(amount, currency), true).ifPresent(why -> {
                throw ApiException.invalid("payment_method_unsupported", "payment_method_types", why);
            });
        }
        Instant now = Instant.now();
        Instant expiresAt = params.optionalLong("expires_at").map(Instant::ofEpochSecond).orElse(now.plus(LONGEST));
        if (expiresAt.isBefore(now.plus(SHORTEST).minusSeconds(60)) || expiresAt.isAfter(now.plus(LONGEST).plusSeconds(60))) {
            throw ApiException.invalid("parameter_invalid", "expires_at",
                    "expires_at must be 30 minutes to 24 hours from now, in Unix seconds.");
        }
        return pipeline.respond(sessions.create(origin, Caller.of(request).merchantId(), new CheckoutSessions.NewSession(
                new Money(amount, currency), description, successUrl, cancelUrl, types, expiresAt)));
    }

    private static String url(JsonParams params, String name) {
        String url = params.requiredString(name, 2048);
        // the template Stripe's integrations put in success_url is not a URL character: check the URL around it
        if (!ReturnUrls.valid(url.replace("{CHECKOUT_SESSION_ID}", "cs"))) {
            throw ApiException.invalid("url_invalid", name, name + " must be an absolute http or https URL.");
        }
        return url;
    }

    @Operation(operationId = "retrieveCheckoutSession", summary = "Retrieve a checkout session")
    @GetMapping("/v1/checkout_sessions/{id}")
    public Map<String, Object> retrieve(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) {
        CheckoutSession session = sessions.get(Caller.of(request).merchantId(), id);
        return CheckoutSessionJson.of(session, sessions.url(session));
    }

    @Operation(operationId = "listCheckoutSessions", summary = "Checkout sessions, newest first")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 to 100, default 10", schema = @Schema(type = "integer"))
    @Parameter(name = "starting_after", in = ParameterIn.QUERY, schema = @Schema(type = "string"))
    @GetMapping("/v1/checkout_sessions")
    public Map<String, Object> list(@Parameter(hidden = true) @RequestParam Map<String, String> query,
                                    @Parameter(hidden = true) HttpServletRequest request) {
        String merchantId = Caller.of(request).merchantId();
        QueryParams params = QueryParams.of(query, Set.of("limit", "starting_after"));
        int limit = params.limit();
        Optional<CheckoutSession> after = params.cursor("checkout_session", id -> store.find(merchantId, id));
        return ListPage.of("/v1/checkout_sessions", store.list(merchantId, after, limit), limit,
                s -> CheckoutSessionJson.of(s, sessions.url(s)));
    }

    @Operation(operationId = "expireCheckoutSession", summary = "End an open session now; its unpaid payment is canceled")
    @PostMapping("/v1/checkout_sessions/{id}/expire")
    public ResponseEntity<byte[]> expire(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request,
                                         @Parameter(hidden = true) CommandOrigin origin) {
        return pipeline.respond(sessions.expire(origin, Caller.of(request).merchantId(), id));
    }
}
