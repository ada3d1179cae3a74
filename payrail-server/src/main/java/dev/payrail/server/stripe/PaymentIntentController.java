package dev.payrail.server.stripe;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.customers.CustomerController;
import dev.payrail.server.payments.PaymentController;
import dev.payrail.server.security.Caller;
import dev.payrail.server.vault.PaymentMethodController;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stripe's PaymentIntents and Charges over Payrail's payments: each call is the native command with the same
 * parameters in Payrail's names, its answer worded as Stripe's object. A charge is the read-only view of a payment's
 * authorization attempt.
 */
@Hidden
@RestController
class PaymentIntentController {
    private static final Set<String> EXPANDABLE = Set.of("latest_charge", "latest_charge.balance_transaction", "payment_method",
            "customer");
    private static final Set<String> LIST_EXPANDABLE = Set.of("data.latest_charge", "data.latest_charge.balance_transaction",
            "data.payment_method", "data.customer");
    private static final Set<String> CREATE = Set.of("amount", "currency", "capture_method", "confirm", "payment_method",
            "payment_method_data", "payment_method_types", "automatic_payment_methods", "confirmation_method", "customer",
            "setup_future_usage", "off_session", "description", "metadata", "return_url", "payment_method_options", "expand");
    private static final Set<String> CONFIRM = Set.of("payment_method", "payment_method_data", "return_url",
            "setup_future_usage", "off_session", "payment_method_options", "expand");

    private final PaymentController payments;
    private final PaymentMethodController paymentMethods;
    private final CustomerController customers;
    private final StripeCalls calls;
    private final StripeLedger ledger;

    PaymentIntentController(PaymentController payments, PaymentMethodController paymentMethods, CustomerController customers,
                            StripeCalls calls, StripeLedger ledger) {
        this.ledger = ledger;
        this.payments = payments;
        this.paymentMethods = paymentMethods;
        this.customers = customers;
        this.calls = calls;
    }

    @PostMapping("/stripe/v1/payment_intents")
    public ResponseEntity<byte[]> create(HttpServletRequest request,
                                         CommandOrigin origin) {
        StripeForm form = calls.body(request).allowOnly(CREATE);
        Map<String, Object> params = new LinkedHashMap<>();
        form.integer("amount").ifPresent(a -> params.put("amount", a));
        form.string("currency").ifPresent(c -> params.put("currency", c));
        form.string("capture_method").ifPresent(c -> params.put("capture_method", "automatic_async".equals(c) ? "automatic" : c));
        form.bool("confirm").ifPresent(c -> params.put("confirm", c));
        methodTypes(form);
        form.string("confirmation_method").filter(m -> !"automatic".equals(m)).ifPresent(m -> {
            throw ApiException.invalid("parameter_unsupported", "confirmation_method",
                    "confirmation_method may be automatic only: Payrail confirms on the server with the same call.");
        });
        StripeParams.paymentMethod(form, params, request);
        form.string("customer").ifPresent(c -> params.put("customer", c));
        form.string("setup_future_usage").ifPresent(s -> params.put("setup_future_usage", s));
        form.string("off_session").ifPresent(o -> params.put("off_session", StripeParams.offSession(o)));
        form.string("description").ifPresent(d -> params.put("description", d));
        form.strings("metadata").ifPresent(m -> params.put("metadata", m));
        form.string("return_url").ifPresent(u -> params.put("return_url", u));
        StripeParams.cardOptions(form, params);
        StripeCalls.Wording wording = wording(form, request);
        return calls.send(payments.create(calls.nativeBody(params), request, origin.shapedBy(wording)), wording);
    }

    @GetMapping("/stripe/v1/payment_intents/{id}")
    public ResponseEntity<byte[]> retrieve(@PathVariable String id, HttpServletRequest request) {
        StripeForm query = calls.query(request).allowOnly(Set.of("expand", "client_secret"));
        return calls.ok(intent(calls.tree(payments.retrieve(id, request)), StripeParams.expand(query, EXPANDABLE), request));
    }

    @PostMapping("/stripe/v1/payment_intents/{id}/confirm")
    public ResponseEntity<byte[]> confirm(@PathVariable String id,
                                          HttpServletRequest request, CommandOrigin origin) {
        StripeForm form = calls.body(request).allowOnly(CONFIRM);
        Map<String, Object> params = new LinkedHashMap<>();
        StripeParams.paymentMethod(form, params, request);
        form.string("return_url").ifPresent(u -> params.put("return_url", u));
        form.string("setup_future_usage").ifPresent(s -> params.put("setup_future_usage", s));
        form.string("off_session").ifPresent(o -> params.put("off_session", StripeParams.offSession(o)));
        StripeParams.cardOptions(form, params);
        StripeCalls.Wording wording = wording(form, request);
        return calls.send(payments.confirm(id, calls.nativeBody(params), request, origin.shapedBy(wording)), wording);
    }

    @PostMapping("/stripe/v1/payment_intents/{id}/capture")
    public ResponseEntity<byte[]> capture(@PathVariable String id,
                                          HttpServletRequest request, CommandOrigin origin) {
        StripeForm form = calls.body(request).allowOnly(Set.of("amount_to_capture", "expand"));
        Map<String, Object> params = new LinkedHashMap<>();
        form.integer("amount_to_capture").ifPresent(a -> params.put("amount_to_capture", a));
        StripeCalls.Wording wording = wording(form, request);
        return calls.send(payments.capture(id, calls.nativeBody(params), request, origin.shapedBy(wording)), wording);
    }

    @PostMapping("/stripe/v1/payment_intents/{id}/cancel")
    public ResponseEntity<byte[]> cancel(@PathVariable String id,
                                         HttpServletRequest request, CommandOrigin origin) {
        StripeForm form = calls.body(request).allowOnly(Set.of("cancellation_reason", "expand"));
        Map<String, Object> params = new LinkedHashMap<>();
        form.string("cancellation_reason").ifPresent(r -> params.put("cancellation_reason", r));
        StripeCalls.Wording wording = wording(form, request);
        return calls.send(payments.cancel(id, calls.nativeBody(params), request, origin.shapedBy(wording)), wording);
    }

    /**
     * Its {@code description} and {@code metadata} (a key given "" is removed, {@code metadata=""} empties it), in any
     * status. Its money (amount, currency, payment method, capture method) is refused by name: Payrail never changes what
     * a payment charges once it exists; create another.
     */
    @PostMapping("/stripe/v1/payment_intents/{id}")
    public ResponseEntity<byte[]> update(@PathVariable String id, HttpServletRequest request, CommandOrigin origin) {
        StripeForm form = calls.body(request);
        for (String money : List.of("amount", "currency", "payment_method", "payment_method_data", "capture_method",
                "payment_method_types", "customer", "setup_future_usage")) {
            if (form.has(money)) {
                throw ApiException.invalid("parameter_unsupported", money, money + " cannot be changed on a Payrail payment: "
                        + "cancel it and create another (description and metadata can be updated).");
            }
        }
        form.allowOnly(Set.of("description", "metadata", "expand"));
        Map<String, Object> params = new LinkedHashMap<>();
        form.string("description").ifPresent(d -> params.put("description", d.isEmpty() ? null : d));
        if (form.has("metadata")) {
            Map<String, String> metadata = form.strings("metadata").orElseThrow();
            params.put("metadata", metadata.isEmpty() ? null : metadata);
        }
        StripeCalls.Wording wording = wording(form, request);
        return calls.send(payments.update(id, calls.nativeBody(params), request, origin.shapedBy(wording)), wording);
    }

    @GetMapping("/stripe/v1/payment_intents")
    public ResponseEntity<byte[]> list(HttpServletRequest request) {
        StripeForm query = calls.query(request);
        Map<String, String> nativeQuery = StripeParams.listQuery(query, Set.of(), Map.of(), LIST_EXPANDABLE);
        List<String> expand = StripeParams.expand(query, LIST_EXPANDABLE);
        List<String> each = expand.stream().map(e -> e.substring("data.".length())).toList();
        JsonNode page = calls.page(nativeQuery, q -> calls.tree(payments.list(q, request)));
        return calls.ok(StripeObjects.list("/v1/payment_intents",
                StripeObjects.each(page.path("data"), p -> intent(p, each, request)), page.path("has_more").asBoolean()));
    }

    @GetMapping("/stripe/v1/charges/{id}")
    public ResponseEntity<byte[]> charge(@PathVariable String id, HttpServletRequest request) {
        StripeForm query = calls.query(request).allowOnly(Set.of("expand"));
        boolean expandTransaction = StripeParams.expand(query, Set.of("balance_transaction")).contains("balance_transaction");
        JsonNode payment = calls.tree(payments.retrieve(StripeObjects.paymentIdOfCharge(id), request));
        if (!StripeObjects.hasCharge(payment)) {
            throw ApiException.notFound("charge", id);
        }
        return calls.ok(ledger.charge(Caller.of(request).merchantId(), payment, expandTransaction));
    }

    @GetMapping("/stripe/v1/charges")
    public ResponseEntity<byte[]> charges(HttpServletRequest request) {
        StripeForm query = calls.query(request);
        Map<String, String> nativeQuery = StripeParams.listQuery(query, Set.of("payment_intent"), Map.of(),
                Set.of("data.balance_transaction"));
        boolean expandTransaction = StripeParams.expand(query, Set.of("data.balance_transaction")).contains("data.balance_transaction");
        String merchantId = Caller.of(request).merchantId();
        String after = nativeQuery.get("starting_after");
        if (after != null) {
            nativeQuery.put("starting_after", StripeObjects.paymentIdOfCharge(after));
        }
        nativeQuery.computeIfPresent(StripeCalls.ENDING_BEFORE, (name, before) -> StripeObjects.paymentIdOfCharge(before));
        String onlyOf = nativeQuery.remove("payment_intent");
        if (onlyOf != null) {
            JsonNode payment = calls.tree(payments.retrieve(onlyOf, request));
            List<Map<String, Object>> data = StripeObjects.hasCharge(payment)
                    ? List.of(ledger.charge(merchantId, payment, expandTransaction)) : List.of();
            return calls.ok(StripeObjects.list("/v1/charges", data, false));
        }
        JsonNode page = calls.page(nativeQuery, q -> calls.tree(payments.list(q, request)));
        List<Map<String, Object>> data = new java.util.ArrayList<>();
        page.path("data").forEach(p -> {
            if (StripeObjects.hasCharge(p)) {
                data.add(ledger.charge(merchantId, p, expandTransaction));
            }
        });
        return calls.ok(StripeObjects.list("/v1/charges", data, page.path("has_more").asBoolean()));
    }

    /** {@code payment_method_types}: cards only through this surface (a bank redirect or debit is Payrail's own API). */
    private static void methodTypes(StripeForm form) {
        for (String type : form.list("payment_method_types")) {
            if (!"card".equals(type)) {
                throw ApiException.invalid("payment_method_unsupported", "payment_method_types",
                        "The payment method type '" + type + "' is not supported here: card is.");
            }
        }
        form.object("automatic_payment_methods").ifPresent(auto -> auto.allowOnly(Set.of("enabled", "allow_redirects")));
    }

    private StripeCalls.Wording wording(StripeForm form, HttpServletRequest request) {
        List<String> expand = StripeParams.expand(form, EXPANDABLE);
        return calls.wording(payment -> intent(payment, expand, request), error -> decline(error, request));
    }

    /** What Stripe's card error carries beside its words: the PaymentIntent and its charge. */
    private Map<String, Object> decline(Map<String, Object> error, HttpServletRequest request) {
        Object paymentId = error.get("payment");
        Map<String, Object> extra = new LinkedHashMap<>();
        if (paymentId instanceof String id) {
            JsonNode payment = calls.tree(payments.retrieve(id, request));
            Map<String, Object> intent = intent(payment, List.of(), request);
            extra.put("charge", intent.get("latest_charge"));
            extra.put("payment_intent", intent);
            extra.put("payment_method", payment.path("payment_method").isString()
                    ? Map.of("id", payment.path("payment_method").asString(), "object", "payment_method") : null);
        }
        return extra;
    }

    private Map<String, Object> intent(JsonNode payment, List<String> expand, HttpServletRequest request) {
        Map<String, Object> intent = StripeObjects.paymentIntent(payment);
        boolean chargeTransaction = expand.contains("latest_charge.balance_transaction");
        if ((expand.contains("latest_charge") || chargeTransaction) && intent.get("latest_charge") != null) {
            intent.put("latest_charge", ledger.charge(Caller.of(request).merchantId(), payment, chargeTransaction));
        }
        if (expand.contains("payment_method") && intent.get("payment_method") instanceof String pm) {
            intent.put("payment_method", StripeObjects.paymentMethod(calls.tree(paymentMethods.retrieve(pm, request))));
        }
        if (expand.contains("customer") && intent.get("customer") instanceof String customer) {
            intent.put("customer", StripeObjects.customer(calls.tree(customers.retrieve(customer, request))));
        }
        return intent;
    }
}
