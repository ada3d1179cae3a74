package dev.payrail.server.payments;

import dev.payrail.core.money.CurrencyCode;
import dev.payrail.core.money.Money;
import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.server.PayrailProperties;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.ReturnUrls;
import dev.payrail.server.api.ListPage;
import dev.payrail.server.api.QueryParams;
import dev.payrail.server.api.JsonParams;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** /v1/payments: create, confirm, capture, cancel, retrieve, list, and each payment's timeline. */
@RestController
@RequestMapping("/v1/payments")
public class PaymentController {
    private static final Set<String> CREATE_FIELDS = Set.of("amount", "currency", "capture_method", "confirm", "card",
            "payment_method", "bank_redirect", "description", "metadata", "merchant_reference", "payment_method_options",
            "return_url", "customer", "setup_future_usage", "off_session", "smart_retries", "customer_details");
    private static final Set<String> OFF_SESSION_WORDS = Set.of("one_off", "recurring");
    private static final Set<String> CANCELLATION_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer",
            "abandoned");

    private final PaymentCommands commands;
    private final PaymentStore payments;
    private final PaymentTimeline timeline;
    private final PaymentCards cards;
    private final JsonMapper json;
    private final long maxAmount;
    private final CommandPipeline pipeline;
    private final ClientSecrets clientSecrets;

    PaymentController(PaymentCommands commands, PaymentStore payments, PaymentTimeline timeline, PaymentCards cards,
                      JsonMapper json, PayrailProperties properties, CommandPipeline pipeline, ClientSecrets clientSecrets) {
        this.clientSecrets = clientSecrets;
        this.pipeline = pipeline;
        this.commands = commands;
        this.cards = cards;
        this.payments = payments;
        this.timeline = timeline;
        this.json = json;
        this.maxAmount = properties.payments().maxAmount();
    }

    @Operation(operationId = "createPayment", summary = "Create a payment; with confirm=true it is authorized at once",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = PaymentApiSchemas.CreatePayment.class))))
    @PostMapping
    public ResponseEntity<byte[]> create(@Parameter(hidden = true) @RequestBody(required = false) byte[] body, HttpServletRequest request,
                                         @Parameter(hidden = true) CommandOrigin origin) {
        Caller caller = Caller.of(request);
        JsonParams params = JsonParams.parse(json, body, CREATE_FIELDS);
        String rawCurrency = params.requiredString("currency", 16);
        CurrencyCode currency = CurrencyCode.parse(rawCurrency).orElseThrow(() -> ApiException.invalid(
                "currency_invalid", "currency", "Invalid currency: '" + rawCurrency + "'. Use an ISO 4217 code such as usd."));
        long amount = params.requiredLong("amount");
        if (amount <= 0) {
            throw ApiException.invalid("amount_invalid", "amount", "amount must be a positive integer in minor units.");
        }
        if (amount > maxAmount) {
            throw ApiException.invalid("amount_too_large", "amount", "amount must be at most " + maxAmount + ".");
        }
        String captureMethod = params.optionalString("capture_method", 16).orElse("automatic");
        if (!captureMethod.equals("automatic") && !captureMethod.equals("manual")) {
            throw ApiException.invalid("parameter_invalid", "capture_method", "capture_method must be automatic or manual.");
        }
        boolean confirm = params.optionalBoolean("confirm").orElse(false);
        PaymentCards.Given card = cards.read(params, caller);
        Optional<String> bank = bankRedirect(params, card, new Money(amount, currency), "automatic".equals(captureMethod));
        if (confirm && !card.any() && bank.isEmpty()) {
            throw params.missing("payment_method");
        }
        String description = params.optionalFreeText("description", 1000).orElse(null);
        String reference = params.optionalFreeText("merchant_reference", 255).orElse(null);
        Map<String, String> metadata = params.metadata("metadata");
        // every parameter is valid: only now may a raw card be tokenized (in a commit of its own, before the
        // payment's); a token is looked up inside the payment's first commit
        java.util.function.Supplier<Optional<dev.payrail.server.vault.PaymentMethod>> paymentMethod;
        if (card.card().isPresent()) {
            Optional<dev.payrail.server.vault.PaymentMethod> tokenized = cards.resolve(caller.merchantId(), card);
            paymentMethod = () -> tokenized;
        } else {
            paymentMethod = () -> cards.resolve(caller.merchantId(), card);
        }
        PaymentCommands.Authentication authentication = authentication(params);
        PaymentCommands.Usage usage = usage(params, authentication);
        if (usage.offSession().filter(o -> !"false".equals(o)).isPresent() && !confirm) {
            throw ApiException.invalid("parameter_invalid", "off_session",
                    "off_session can only be used with confirm=true: the payment is made now, without the customer.");
        }
        boolean smartRetries = params.optionalBoolean("smart_retries").orElse(false);
        if (smartRetries && (usage.offSession().filter(o -> !"false".equals(o)).isEmpty() || bank.isPresent())) {
            throw ApiException.invalid("parameter_invalid", "smart_retries", "smart_retries applies to merchant-initiated "
                    + "card payments only: send off_session (one_off or recurring) with a saved card.");
        }
        PaymentCommands.CustomerDetails customerDetails = customerDetails(params);
        PaymentCommands.NewPayment newPayment = new PaymentCommands.NewPayment(new Money(amount, currency), captureMethod,
                confirm, paymentMethod, bank, description, reference, metadata, authentication, usage, smartRetries,
                customerDetails);
        return pipeline.respond(commands.create(origin, caller.merchantId(), newPayment));
    }

    @Operation(operationId = "confirmPayment", summary = "Authorize a payment with the provider",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = PaymentApiSchemas.ConfirmPayment.class))))
    @PostMapping("/{id}/confirm")
    public ResponseEntity<byte[]> confirm(@PathVariable String id, @Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                          HttpServletRequest request, @Parameter(hidden = true) CommandOrigin origin) {
        Caller caller = Caller.of(request);
        JsonParams params = JsonParams.parse(json, body, Set.of("card", "payment_method", "bank_redirect",
                "payment_method_options", "return_url", "setup_future_usage", "off_session", "customer_details"));
        PaymentCards.Given card = cards.read(params, caller);
        PaymentCommands.Authentication authentication = authentication(params);
        PaymentCommands.Usage given = usage(params, authentication);
        PaymentCommands.CustomerDetails customerDetails = customerDetails(params);
        // a confirm is made with the customer present unless it says off_session
        PaymentCommands.Usage usage = new PaymentCommands.Usage(Optional.empty(), given.setupFutureUsage(),
                given.offSession().or(() -> Optional.of("false")));
        Payment payment = commands.confirmable(caller.merchantId(), id);     // before a raw card is tokenized for it
        Optional<String> bank = bankRedirect(params, card, payment.state.amount(), payment.capturesAutomatically());
        return pipeline.respond(commands.confirm(origin, caller.merchantId(), id, cards.resolve(caller.merchantId(), card),
                bank, authentication, usage, customerDetails));
    }

    /**
     * {@code customer_details}: what the merchant knows of the customer at this payment, for the risk rules
     * (docs/risk.md). The IP address is an address literal (never a host name: nothing is looked up), the countries
     * ISO 3166 alpha-2, the email one address.
     */
    static PaymentCommands.CustomerDetails customerDetails(JsonParams params) {
        Optional<JsonParams> given = params.optionalObject("customer_details",
                Set.of("ip_address", "ip_country", "email", "billing_country"));
        if (given.isEmpty()) {
            return PaymentCommands.CustomerDetails.NONE;
        }
        JsonParams details = given.get();
        Optional<String> ip = details.optionalString("ip_address", 45);
        if (ip.isPresent() && dev.payrail.core.risk.IpRange.addressOf(ip.get()).isEmpty()) {
            throw ApiException.invalid("parameter_invalid", "customer_details.ip_address",
                    "ip_address must be an IPv4 or IPv6 address.");
        }
        Optional<String> email = details.optionalString("email", 320);
        if (email.isPresent() && !email.get().matches("[^@\\s]+@[^@\\s]+")) {
            throw ApiException.invalid("parameter_invalid", "customer_details.email", "email must be one email address.");
        }
        return new PaymentCommands.CustomerDetails(ip, country(details, "ip_country"), email, country(details, "billing_country"));
    }

    private static Optional<String> country(JsonParams details, String name) {
        Optional<String> country = details.optionalString(name, 2);
        if (country.isPresent() && !country.get().matches("[A-Za-z]{2}")) {
            throw ApiException.invalid("parameter_invalid", "customer_details." + name,
                    name + " must be an ISO 3166 alpha-2 country code, such as DE.");
        }
        return country.map(c -> c.toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * {@code bank_redirect.bank}: the customer pays from their bank instead of a card, validated against the bank
     * list and the bank-redirect rules (euros, automatic capture).
     */
    private static Optional<String> bankRedirect(JsonParams params, PaymentCards.Given card, Money amount,
                                                 boolean capturesAutomatically) {
        Optional<JsonParams> redirect = params.optionalObject("bank_redirect", Set.of("bank"));
        if (redirect.isEmpty()) {
            return Optional.empty();
        }
        if (card.any()) {
            throw ApiException.invalid("parameter_conflict", "bank_redirect", "Send either a card (payment_method) or bank_redirect, not both.");
        }
        String bank = redirect.get().requiredString("bank", 32);
        if (dev.payrail.core.payments.BankRedirects.bank(bank).isEmpty()) {
            throw ApiException.invalid("parameter_invalid", "bank_redirect.bank", "bank must be one of: " + String.join(", ",
                    dev.payrail.core.payments.BankRedirects.BANKS.stream().map(dev.payrail.core.payments.BankRedirects.Bank::id).toList()) + ".");
        }
        dev.payrail.core.payments.BankRedirects.refusal(amount, capturesAutomatically).ifPresent(why -> {
            throw ApiException.invalid("payment_method_unsupported", "bank_redirect", why);
        });
        return Optional.of(bank);
    }

    /**
     * {@code payment_method_options.card.request_three_d_secure} and {@code return_url}, validated (each absent when
     * not sent, or not allowed by the endpoint's parameters).
     */
    static PaymentCommands.Authentication authentication(JsonParams params) {
        return new PaymentCommands.Authentication(dev.payrail.server.api.AuthenticationParams.requestThreeDSecure(params),
                ReturnUrls.param(params));
    }

    /**
     * {@code customer}, {@code setup_future_usage} and {@code off_session}, validated one by one; whether they fit the
     * card is the stored-credential rules' to say, once the card is known ({@link dev.payrail.core.customers.CardUsage}).
     */
    private static PaymentCommands.Usage usage(JsonParams params, PaymentCommands.Authentication authentication) {
        Optional<String> customer = params.optionalString("customer", 64);
        customer.ifPresent(c -> {
            if (!c.matches("^cus_[A-Za-z0-9]{1,60}$")) {
                throw ApiException.notFound("customer", c, "customer");
            }
        });
        Optional<String> setup = params.optionalString("setup_future_usage", 16);
        if (setup.isPresent() && dev.payrail.core.customers.CardUsage.SavedFor.fromWireName(setup.get()).isEmpty()) {
            throw ApiException.invalid("parameter_invalid", "setup_future_usage", "setup_future_usage must be on_session or off_session.");
        }
        Optional<String> offSession = params.optionalFlagOrWord("off_session", OFF_SESSION_WORDS);
        boolean merchantInitiated = offSession.filter(o -> !"false".equals(o)).isPresent();
        if (merchantInitiated && authentication.requestThreeDSecure().filter("any"::equals).isPresent()) {
            throw ApiException.invalid("parameter_conflict", "payment_method_options.card.request_three_d_secure",
                    "An off-session payment cannot ask for 3-D Secure: the customer is not there to authenticate.");
        }
        return new PaymentCommands.Usage(customer, setup, offSession);
    }

    @Operation(operationId = "capturePayment", summary = "Capture all or part of an authorization, once",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = PaymentApiSchemas.CapturePayment.class))))
    @PostMapping("/{id}/capture")
    public ResponseEntity<byte[]> capture(@PathVariable String id, @Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                          HttpServletRequest request, @Parameter(hidden = true) CommandOrigin origin) {
        Caller caller = Caller.of(request);
        JsonParams params = JsonParams.parse(json, body, Set.of("amount_to_capture"));
        Optional<Long> amount = params.optionalLong("amount_to_capture");
        if (amount.isPresent() && amount.get() <= 0) {
            throw ApiException.invalid("amount_invalid", "amount_to_capture", "amount_to_capture must be positive.");
        }
        return pipeline.respond(commands.capture(origin, caller.merchantId(), id, amount));
    }

    @Operation(operationId = "cancelPayment", summary = "Cancel an unconfirmed payment or void an authorization",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = PaymentApiSchemas.CancelPayment.class))))
    @PostMapping("/{id}/cancel")
    public ResponseEntity<byte[]> cancel(@PathVariable String id, @Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                         HttpServletRequest request, @Parameter(hidden = true) CommandOrigin origin) {
        Caller caller = Caller.of(request);
        JsonParams params = JsonParams.parse(json, body, Set.of("cancellation_reason"));
        String reason = params.optionalString("cancellation_reason", 32).orElse("requested_by_customer");
        if (!CANCELLATION_REASONS.contains(reason)) {
            throw ApiException.invalid("parameter_invalid", "cancellation_reason",
                    "cancellation_reason must be one of " + String.join(", ", CANCELLATION_REASONS.stream().sorted().toList()) + ".");
        }
        return pipeline.respond(commands.cancel(origin, caller.merchantId(), id, reason));
    }

    @Operation(operationId = "updatePayment", summary = "Change a payment's description, reference or metadata (never its money)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = PaymentApiSchemas.UpdatePayment.class))))
    @PostMapping("/{id}")
    public ResponseEntity<byte[]> update(@PathVariable String id, @Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                         HttpServletRequest request, @Parameter(hidden = true) CommandOrigin origin) {
        Caller caller = Caller.of(request);
        JsonParams params = JsonParams.parse(json, body, Set.of("description", "merchant_reference", "metadata"));
        // null clears a field; metadata null empties it, and a key given "" is removed
        Optional<String> description = params.isNull("description") ? Optional.of("")
                : params.optionalFreeText("description", 1000);
        Optional<String> reference = params.isNull("merchant_reference") ? Optional.of("")
                : params.optionalFreeText("merchant_reference", 255);
        boolean clear = params.isNull("metadata");
        Map<String, String> metadata = clear ? Map.of() : params.metadata("metadata");
        return pipeline.respond(commands.update(origin, caller.merchantId(), id,
                new PaymentCommands.Details(description, reference, clear, metadata)));
    }

    @Operation(operationId = "retrievePayment", summary = "Retrieve a payment")
    @GetMapping("/{id}")
    public Map<String, Object> retrieve(@PathVariable String id, HttpServletRequest request) {
        return view(Caller.of(request).merchantId(), id);
    }

    /** The payment as {@link #retrieve} answers it, for a merchant named outside a request (a delivery's wording). */
    public Map<String, Object> view(String merchantId, String id) {
        Payment payment = commands.get(merchantId, id);
        return PaymentJson.answer(payment, clientSecrets.of(payment.id));
    }

    @Operation(operationId = "listPaymentEvents", summary = "The payment's append-only timeline")
    @GetMapping("/{id}/events")
    public Map<String, Object> events(@PathVariable String id, HttpServletRequest request) {
        Payment payment = commands.get(Caller.of(request).merchantId(), id);
        List<Map<String, Object>> data = timeline.of(payment.id).stream().map(PaymentJson::event).toList();
        return ListPage.whole("/v1/payments/" + id + "/events", data);
    }

    @Operation(operationId = "listPayments", summary = "List payments, newest first")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 to 100, default 10", schema = @Schema(type = "integer"))
    @Parameter(name = "starting_after", in = ParameterIn.QUERY, description = "Cursor: the last id of the previous page", schema = @Schema(type = "string"))
    @Parameter(name = "status", in = ParameterIn.QUERY, schema = @Schema(type = "string"))
    @Parameter(name = "created[gte]", in = ParameterIn.QUERY, description = "Unix seconds", schema = @Schema(type = "integer"))
    @Parameter(name = "created[lte]", in = ParameterIn.QUERY, description = "Unix seconds", schema = @Schema(type = "integer"))
    @GetMapping
    public Map<String, Object> list(@Parameter(hidden = true) @RequestParam Map<String, String> query, HttpServletRequest request) {
        String merchantId = Caller.of(request).merchantId();
        QueryParams params = QueryParams.of(query, Set.of("limit", "starting_after", "status", "created[gte]", "created[lte]"));
        int limit = params.limit();
        Optional<PaymentStatus> status = params.oneOf("status", PaymentStatus::fromWireName);
        Optional<Payment> after = params.cursor("payment", id -> payments.find(merchantId, id));
        Optional<Instant> gte = params.createdFrom();
        Optional<Instant> lte = params.createdUntil();
        return ListPage.of("/v1/payments", payments.list(merchantId, new PaymentListQuery(status, gte, lte, after, limit)),
                limit, p -> PaymentJson.answer(p, clientSecrets.of(p.id)));
    }
}
