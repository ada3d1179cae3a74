package dev.payrail.server.payments;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.commands.CommandPipeline;
import dev.payrail.server.security.Caller;
import dev.payrail.server.vault.CardVault;
import dev.payrail.server.vault.PaymentMethod;
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

/**
 * The browser's side of a payment, for payrail.js: with a publishable key and the payment's client secret, confirm it
 * with a card the browser tokenized, and read what the page may show. The secret names the payment; one that does not
 * match is answered as an unknown payment, so nothing about other payments can be learnt from here.
 */
@RestController
class ClientPaymentController {
    private final PaymentCommands commands;
    private final ClientSecrets secrets;
    private final CardVault vault;
    private final CommandPipeline pipeline;
    private final JsonMapper json;

    ClientPaymentController(PaymentCommands commands, ClientSecrets secrets, CardVault vault, CommandPipeline pipeline,
                            JsonMapper json) {
        this.commands = commands;
        this.secrets = secrets;
        this.vault = vault;
        this.pipeline = pipeline;
        this.json = json;
    }

    /** The confirm request from the browser, as documented. */
    record ClientConfirm(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "pay_..._secret_...") String client_secret,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "A pm_ token the browser created "
                                 + "with the same merchant's publishable key") String payment_method,
                         @Schema(description = "Where the customer lands after a 3-D Secure challenge") String return_url) {
    }

    @Operation(operationId = "confirmPaymentFromBrowser", summary = "Confirm a payment from the customer's browser "
            + "(publishable key and client_secret)", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ClientConfirm.class))))
    @PostMapping("/v1/client/payments/{id}/confirm")
    public ResponseEntity<byte[]> confirm(@PathVariable String id, @Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                          @Parameter(hidden = true) HttpServletRequest request,
                                          @Parameter(hidden = true) CommandOrigin origin) {
        Caller caller = Caller.of(request);
        JsonParams params = JsonParams.parse(json, body, Set.of("client_secret", "payment_method", "return_url"));
        Payment payment = paymentFor(caller, id, params.requiredString("client_secret", 128));
        String methodId = params.requiredString("payment_method", 64);
        PaymentMethod method = vault.find(caller.merchantId(), methodId)
                .orElseThrow(() -> ApiException.notFound("payment_method", methodId, "payment_method"));
        // return_url as the merchant's confirm takes it; the browser does not choose 3-D Secure (not in its parameters)
        return pipeline.respond(commands.confirm(origin, caller.merchantId(), payment.id, Optional.of(method), Optional.empty(),
                PaymentController.authentication(params), PaymentCommands.Usage.CUSTOMER_PRESENT,
                PaymentCommands.CustomerDetails.ofBrowser(request.getRemoteAddr()), PaymentCommands.Audience.BROWSER));
    }

    @Operation(operationId = "retrievePaymentFromBrowser", summary = "What the customer's browser may read of its payment")
    @Parameter(name = "client_secret", in = ParameterIn.QUERY, required = true, schema = @Schema(type = "string"))
    @GetMapping("/v1/client/payments/{id}")
    public Map<String, Object> retrieve(@PathVariable String id, @Parameter(hidden = true) @RequestParam Map<String, String> query,
                                        @Parameter(hidden = true) HttpServletRequest request) {
        return PaymentJson.forBrowser(paymentFor(Caller.of(request), id, query.get("client_secret")));
    }

    private Payment paymentFor(Caller caller, String id, String clientSecret) {
        return secrets.paymentOf(clientSecret).filter(id::equals)
                .map(paymentId -> commands.get(caller.merchantId(), paymentId))
                .orElseThrow(() -> ApiException.notFound("payment", id));
    }
}
