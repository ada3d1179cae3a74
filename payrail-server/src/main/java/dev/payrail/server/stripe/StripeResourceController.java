package dev.payrail.server.stripe;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.customers.CustomerController;
import dev.payrail.server.payments.RefundController;
import dev.payrail.server.security.Caller;
import dev.payrail.server.vault.PaymentMethodController;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Stripe's Refunds, Customers and PaymentMethods over Payrail's, each call the native one in Payrail's names. */
@Hidden
@RestController
class StripeResourceController {
    private final RefundController refunds;
    private final CustomerController customers;
    private final PaymentMethodController paymentMethods;
    private final StripeCalls calls;
    private final StripeLedger ledger;

    StripeResourceController(RefundController refunds, CustomerController customers, PaymentMethodController paymentMethods,
                             StripeCalls calls, StripeLedger ledger) {
        this.ledger = ledger;
        this.refunds = refunds;
        this.customers = customers;
        this.paymentMethods = paymentMethods;
        this.calls = calls;
    }

    // ---- refunds

    @PostMapping("/stripe/v1/refunds")
    public ResponseEntity<byte[]> createRefund(HttpServletRequest request,
                                               CommandOrigin origin) {
        StripeForm form = calls.body(request).allowOnly(Set.of("payment_intent", "charge", "amount", "reason", "metadata", "expand"));
        Map<String, Object> params = new LinkedHashMap<>();
        Optional<String> intent = form.string("payment_intent");
        Optional<String> charge = form.string("charge");
        if (intent.isPresent() && charge.isPresent()) {
            throw ApiException.invalid("parameter_conflict", "charge", "Send either payment_intent or charge, not both.");
        }
        intent.or(() -> charge.map(StripeObjects::paymentIdOfCharge)).ifPresent(p -> params.put("payment", p));
        if (!params.containsKey("payment")) {
            throw StripeParams.missing("payment_intent");
        }
        form.integer("amount").ifPresent(a -> params.put("amount", a));
        form.string("reason").ifPresent(r -> params.put("reason", r));
        StripeParams.noMetadata(form, "Refunds");
        boolean expandTransaction = StripeParams.expand(form, Set.of("balance_transaction")).contains("balance_transaction");
        String merchantId = Caller.of(request).merchantId();
        StripeCalls.Wording wording = calls.wording(refund -> ledger.refund(merchantId, refund, expandTransaction), null);
        return calls.send(refunds.create(calls.nativeBody(params), request, origin.shapedBy(wording)), wording);
    }

    @GetMapping("/stripe/v1/refunds/{id}")
    public ResponseEntity<byte[]> retrieveRefund(@PathVariable String id, HttpServletRequest request) {
        StripeForm query = calls.query(request).allowOnly(Set.of("expand"));
        boolean expandTransaction = StripeParams.expand(query, Set.of("balance_transaction")).contains("balance_transaction");
        return calls.ok(ledger.refund(Caller.of(request).merchantId(), calls.tree(refunds.retrieve(id, request)), expandTransaction));
    }

    @GetMapping("/stripe/v1/refunds")
    public ResponseEntity<byte[]> listRefunds(HttpServletRequest request) {
        StripeForm form = calls.query(request);
        Map<String, String> query = StripeParams.listQuery(form, Set.of("payment_intent", "charge"),
                Map.of("payment_intent", "payment", "charge", "payment"), Set.of("data.balance_transaction"));
        boolean expandTransaction = StripeParams.expand(form, Set.of("data.balance_transaction")).contains("data.balance_transaction");
        String merchantId = Caller.of(request).merchantId();
        query.computeIfPresent("payment", (k, v) -> StripeObjects.paymentIdOfCharge(v));
        return calls.list("/v1/refunds", query, q -> calls.tree(refunds.list(q, request)),
                refund -> ledger.refund(merchantId, refund, expandTransaction));
    }

    // ---- customers

    @PostMapping("/stripe/v1/customers")
    public ResponseEntity<byte[]> createCustomer(HttpServletRequest request,
                                                 CommandOrigin origin) {
        Map<String, Object> params = customerParams(calls.body(request));
        StripeCalls.Wording wording = calls.wording(StripeObjects::customer, null);
        return calls.send(customers.create(calls.nativeBody(params), request, origin.shapedBy(wording)), wording);
    }

    @GetMapping("/stripe/v1/customers/{id}")
    public ResponseEntity<byte[]> retrieveCustomer(@PathVariable String id, HttpServletRequest request) {
        calls.query(request).allowOnly(Set.of("expand"));
        return calls.ok(StripeObjects.customer(calls.tree(customers.retrieve(id, request))));
    }

    @PostMapping("/stripe/v1/customers/{id}")
    public ResponseEntity<byte[]> updateCustomer(@PathVariable String id,
                                                 HttpServletRequest request, CommandOrigin origin) {
        Map<String, Object> params = customerParams(calls.body(request));
        StripeCalls.Wording wording = calls.wording(StripeObjects::customer, null);
        return calls.send(customers.update(id, calls.nativeBody(params), request, origin.shapedBy(wording)), wording);
    }

    @DeleteMapping("/stripe/v1/customers/{id}")
    public ResponseEntity<byte[]> deleteCustomer(@PathVariable String id, HttpServletRequest request, CommandOrigin origin) {
        StripeCalls.Wording wording = calls.wording(StripeObjects::customer, null);
        return calls.send(customers.delete(id, request, origin.shapedBy(wording)), wording);
    }

    @GetMapping("/stripe/v1/customers")
    public ResponseEntity<byte[]> listCustomers(HttpServletRequest request) {
        Map<String, String> query = StripeParams.listQuery(calls.query(request), Set.of("email"), Map.of());
        if (query.containsKey("created[gte]") || query.containsKey("created[lte]")) {
            throw ApiException.invalid("parameter_unsupported", "created", "Customers are listed by email and cursor here, not by created.");
        }
        return calls.list("/v1/customers", query, q -> calls.tree(customers.list(q, request)), StripeObjects::customer);
    }

    @GetMapping("/stripe/v1/customers/{id}/payment_methods")
    public ResponseEntity<byte[]> customerPaymentMethods(@PathVariable String id, HttpServletRequest request) {
        Map<String, String> query = StripeParams.listQuery(calls.query(request), Set.of("type"), Map.of());
        return savedMethods(id, query, request);
    }

    private Map<String, Object> customerParams(StripeForm form) {
        form.allowOnly(Set.of("email", "name", "phone", "description", "metadata", "invoice_settings", "expand"));
        Map<String, Object> params = new LinkedHashMap<>();
        for (String field : List.of("email", "name", "phone", "description")) {
            form.string(field).ifPresent(v -> params.put(field, v.isEmpty() ? null : v));
        }
        form.strings("metadata").ifPresent(m -> params.put("metadata", m));
        form.object("invoice_settings").ifPresent(settings -> {
            settings.allowOnly(Set.of("default_payment_method"));
            settings.string("default_payment_method").ifPresent(pm -> params.put("default_payment_method", pm.isEmpty() ? null : pm));
        });
        StripeParams.expand(form, Set.of());
        return params;
    }

    // ---- payment methods

    @PostMapping("/stripe/v1/payment_methods")
    public ResponseEntity<byte[]> createPaymentMethod(HttpServletRequest request) {
        StripeForm form = calls.body(request).allowOnly(Set.of("type", "card", "billing_details", "metadata", "expand"));
        String type = form.string("type").orElseThrow(() -> StripeParams.missing("type"));
        if (!"card".equals(type)) {
            throw ApiException.invalid("payment_method_unsupported", "type",
                    "type may be card here; a SEPA debit account is created through Payrail's own /v1/payment_methods.");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("type", "card");
        params.put("card", StripeParams.card(form.object("card").orElseThrow(() -> StripeParams.missing("card"))));
        form.object("billing_details").ifPresent(billing -> {
            billing.allowOnly(Set.of("name"));          // Payrail keeps the holder's name only
            billing.string("name").ifPresent(name -> params.put("billing_details", Map.of("name", name)));
        });
        StripeParams.noMetadata(form, "Payment methods");
        return calls.ok(StripeObjects.paymentMethod(calls.tree(paymentMethods.create(calls.nativeBody(params), request))));
    }

    @GetMapping("/stripe/v1/payment_methods/{id}")
    public ResponseEntity<byte[]> retrievePaymentMethod(@PathVariable String id, HttpServletRequest request) {
        calls.query(request).allowOnly(Set.of("expand"));
        return calls.ok(StripeObjects.paymentMethod(calls.tree(paymentMethods.retrieve(id, request))));
    }

    @GetMapping("/stripe/v1/payment_methods")
    public ResponseEntity<byte[]> listPaymentMethods(HttpServletRequest request) {
        Map<String, String> query = StripeParams.listQuery(calls.query(request), Set.of("customer", "type"), Map.of());
        String customer = query.remove("customer");
        if (customer == null) {
            throw ApiException.invalid("parameter_missing", "customer",
                    "List payment methods by customer: send customer (Payrail keeps no list of unattached ones).");
        }
        return savedMethods(customer, query, request);
    }

    @PostMapping("/stripe/v1/payment_methods/{id}/attach")
    public ResponseEntity<byte[]> attach(@PathVariable String id,
                                         HttpServletRequest request, CommandOrigin origin) {
        StripeForm form = calls.body(request).allowOnly(Set.of("customer", "expand"));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("customer", form.string("customer").orElseThrow(() -> StripeParams.missing("customer")));
        StripeCalls.Wording wording = calls.wording(StripeObjects::paymentMethod, null);
        return calls.send(customers.attach(id, calls.nativeBody(params), request, origin.shapedBy(wording)), wording);
    }

    @PostMapping("/stripe/v1/payment_methods/{id}/detach")
    public ResponseEntity<byte[]> detach(@PathVariable String id,
                                         HttpServletRequest request, CommandOrigin origin) {
        calls.body(request).allowOnly(Set.of("expand"));
        StripeCalls.Wording wording = calls.wording(StripeObjects::paymentMethod, null);
        return calls.send(customers.detach(id, request, origin.shapedBy(wording)), wording);
    }

    private ResponseEntity<byte[]> savedMethods(String customer, Map<String, String> query, HttpServletRequest request) {
        String type = query.remove("type");
        if (type != null && !"card".equals(type) && !"sepa_debit".equals(type)) {
            throw ApiException.invalid("parameter_invalid", "type", "type must be card or sepa_debit.");
        }
        JsonNode page = calls.page(query, q -> calls.tree(customers.paymentMethods(customer, q, request)));
        List<Map<String, Object>> data = new java.util.ArrayList<>();
        page.path("data").forEach(pm -> {
            if (type == null || type.equals(pm.path("type").asString())) {
                data.add(StripeObjects.paymentMethod(pm));
            }
        });
        return calls.ok(StripeObjects.list("/v1/payment_methods", data, page.path("has_more").asBoolean()));
    }
}
