package dev.payrail.server.customers;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import dev.payrail.server.api.ListPage;
import dev.payrail.server.api.QueryParams;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.commands.CommandPipeline;
import dev.payrail.server.security.Caller;
import dev.payrail.server.vault.CardVault;
import dev.payrail.server.vault.PaymentMethod;
import dev.payrail.server.vault.PaymentMethodController;
import dev.payrail.server.vault.SavedCards;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
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
import java.util.regex.Pattern;

/**
 * /v1/customers (create, retrieve, update, delete, list with an email filter), a customer's saved payment methods, and
 * /v1/payment_methods/{id}/attach and /detach.
 */
@RestController
public class CustomerController {
    private static final Set<String> FIELDS = Set.of("email", "name", "phone", "description", "metadata",
            "default_payment_method");
    /** Deliberately loose, as a mail server is the only judge: one @, something either side, no spaces. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,255}$");

    private final Customers customers;
    private final CustomerStore store;
    private final CardVault vault;
    private final SavedCards savedCards;
    private final CommandPipeline pipeline;
    private final JsonMapper json;

    CustomerController(Customers customers, CustomerStore store, CardVault vault, SavedCards savedCards,
                       CommandPipeline pipeline, JsonMapper json) {
        this.customers = customers;
        this.store = store;
        this.vault = vault;
        this.savedCards = savedCards;
        this.pipeline = pipeline;
        this.json = json;
    }

    @Schema(name = "CustomerDetails")
    record CustomerDetails(@Schema(example = "jenny@example.com") String email, String name, String phone,
                           String description, Map<String, String> metadata,
                           @Schema(description = "A pm_ saved to this customer (update only)") String default_payment_method) {
    }

    @Operation(operationId = "createCustomer", summary = "Create a customer",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = CustomerDetails.class))))
    @PostMapping("/v1/customers")
    public ResponseEntity<byte[]> create(@Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                         @Parameter(hidden = true) HttpServletRequest request,
                                         @Parameter(hidden = true) CommandOrigin origin) {
        JsonParams params = JsonParams.parse(json, body, FIELDS);
        if (params.has("default_payment_method")) {
            throw ApiException.invalid("parameter_invalid", "default_payment_method",
                    "A new customer has no saved payment method yet: attach one, then set it as the default.");
        }
        return pipeline.respond(customers.create(origin, Caller.of(request).merchantId(), details(params)));
    }

    @Operation(operationId = "retrieveCustomer", summary = "Retrieve a customer (a deleted one answers deleted: true)")
    @GetMapping("/v1/customers/{id}")
    public Map<String, Object> retrieve(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) {
        Customer customer = customers.get(Caller.of(request).merchantId(), id);
        return customer.isDeleted() ? CustomerJson.deleted(id) : CustomerJson.of(customer);
    }

    @Operation(operationId = "updateCustomer", summary = "Update a customer; absent fields keep their value",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = CustomerDetails.class))))
    @PostMapping("/v1/customers/{id}")
    public ResponseEntity<byte[]> update(@PathVariable String id, @Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                         @Parameter(hidden = true) HttpServletRequest request,
                                         @Parameter(hidden = true) CommandOrigin origin) {
        JsonParams params = JsonParams.parse(json, body, FIELDS);
        return pipeline.respond(customers.update(origin, Caller.of(request).merchantId(), id, details(params)));
    }

    @Operation(operationId = "deleteCustomer", summary = "Delete a customer: its saved cards are detached and destroyed")
    @DeleteMapping("/v1/customers/{id}")
    public ResponseEntity<byte[]> delete(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request,
                                         @Parameter(hidden = true) CommandOrigin origin) {
        return pipeline.respond(customers.delete(origin, Caller.of(request).merchantId(), id));
    }

    @Operation(operationId = "listCustomers", summary = "Customers, newest first")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 to 100, default 10", schema = @Schema(type = "integer"))
    @Parameter(name = "starting_after", in = ParameterIn.QUERY, schema = @Schema(type = "string"))
    @Parameter(name = "email", in = ParameterIn.QUERY, description = "Exact, case-insensitive", schema = @Schema(type = "string"))
    @GetMapping("/v1/customers")
    public Map<String, Object> list(@Parameter(hidden = true) @RequestParam Map<String, String> query,
                                    @Parameter(hidden = true) HttpServletRequest request) {
        String merchantId = Caller.of(request).merchantId();
        QueryParams params = QueryParams.of(query, Set.of("limit", "starting_after", "email"));
        int limit = params.limit();
        Optional<String> email = params.text("email");
        Optional<Customer> after = params.cursor("customer", id -> store.find(merchantId, id).filter(c -> !c.isDeleted()));
        return ListPage.of("/v1/customers", store.list(merchantId, email, after, limit), limit, CustomerJson::of);
    }

    @Operation(operationId = "listCustomerPaymentMethods", summary = "The payment methods saved to a customer, newest first")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 to 100, default 10", schema = @Schema(type = "integer"))
    @Parameter(name = "starting_after", in = ParameterIn.QUERY, schema = @Schema(type = "string"))
    @GetMapping("/v1/customers/{id}/payment_methods")
    public Map<String, Object> paymentMethods(@PathVariable String id, @Parameter(hidden = true) @RequestParam Map<String, String> query,
                                              @Parameter(hidden = true) HttpServletRequest request) {
        String merchantId = Caller.of(request).merchantId();
        customers.get(merchantId, id);
        QueryParams params = QueryParams.of(query, Set.of("limit", "starting_after"));
        int limit = params.limit();
        Optional<PaymentMethod> after = params.cursor("payment_method",
                pm -> vault.find(merchantId, pm).filter(m -> id.equals(m.customerId())));
        return ListPage.of("/v1/customers/" + id + "/payment_methods", savedCards.ofCustomer(merchantId, id, after, limit), limit,
                PaymentMethodController::json);
    }

    @Schema(name = "AttachPaymentMethod")
    record AttachPaymentMethod(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "cus_...") String customer) {
    }

    @Operation(operationId = "attachPaymentMethod", summary = "Save a payment method to a customer (for on-session use)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = AttachPaymentMethod.class))))
    @PostMapping("/v1/payment_methods/{id}/attach")
    public ResponseEntity<byte[]> attach(@PathVariable String id, @Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                         @Parameter(hidden = true) HttpServletRequest request,
                                         @Parameter(hidden = true) CommandOrigin origin) {
        JsonParams params = JsonParams.parse(json, body, Set.of("customer"));
        String customer = params.requiredString("customer", 64);
        return pipeline.respond(customers.attach(origin, Caller.of(request).merchantId(), id, customer));
    }

    @Operation(operationId = "detachPaymentMethod", summary = "Detach a saved payment method; its card is destroyed in the vault")
    @PostMapping("/v1/payment_methods/{id}/detach")
    public ResponseEntity<byte[]> detach(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request,
                                         @Parameter(hidden = true) CommandOrigin origin) {
        return pipeline.respond(customers.detach(origin, Caller.of(request).merchantId(), id));
    }

    private static Customers.Details details(JsonParams params) {
        Optional<String> email = params.optionalString("email", 320);
        email.ifPresent(e -> {
            if (!EMAIL.matcher(e).matches()) {
                throw ApiException.invalid("email_invalid", "email", "email must look like name@example.com.");
            }
        });
        Optional<String> phone = params.optionalString("phone", 32);
        phone.ifPresent(p -> {
            if (!p.matches("^\\+?[0-9 ()\\-.]{3,31}$")) {
                throw ApiException.invalid("phone_invalid", "phone", "phone must be digits, spaces and + ( ) - . only.");
            }
        });
        return new Customers.Details(email, params.optionalFreeText("name", 256), phone,
                params.optionalFreeText("description", 1000),
                params.has("metadata") ? Optional.of(params.metadata("metadata")) : Optional.empty(),
                params.optionalString("default_payment_method", 64));
    }
}
