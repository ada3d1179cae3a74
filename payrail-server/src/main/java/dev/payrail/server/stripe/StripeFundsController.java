package dev.payrail.server.stripe;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.disputes.DisputeController;
import dev.payrail.server.ledger.BalanceController;
import dev.payrail.server.payouts.PayoutController;
import dev.payrail.server.setupintents.SetupIntentController;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stripe's SetupIntents, Balance, BalanceTransactions, Payouts and Disputes over Payrail's: each call is the native
 * one in Payrail's names, its answer worded as Stripe's object.
 */
@Hidden
@RestController
class StripeFundsController {
    private final SetupIntentController setupIntents;
    private final PaymentMethodController paymentMethods;
    private final BalanceController balances;
    private final PayoutController payouts;
    private final DisputeController disputes;
    private final StripeCalls calls;

    StripeFundsController(SetupIntentController setupIntents, PaymentMethodController paymentMethods, BalanceController balances,
                          PayoutController payouts, DisputeController disputes, StripeCalls calls) {
        this.setupIntents = setupIntents;
        this.paymentMethods = paymentMethods;
        this.balances = balances;
        this.payouts = payouts;
        this.disputes = disputes;
        this.calls = calls;
    }

    // ---- setup intents

    @PostMapping("/stripe/v1/setup_intents")
    public ResponseEntity<byte[]> createSetupIntent(HttpServletRequest request, CommandOrigin origin) {
        StripeForm form = calls.body(request).allowOnly(Set.of("customer", "usage", "payment_method", "payment_method_types",
                "automatic_payment_methods", "confirm", "return_url", "payment_method_options", "metadata", "expand"));
        Map<String, Object> params = new LinkedHashMap<>();
        form.string("customer").ifPresent(c -> params.put("customer", c));
        form.string("usage").ifPresent(u -> params.put("usage", u));
        for (String type : form.list("payment_method_types")) {
            if (!"card".equals(type)) {
                throw ApiException.invalid("payment_method_unsupported", "payment_method_types",
                        "The payment method type '" + type + "' is not supported here: card is.");
            }
        }
        form.object("automatic_payment_methods").ifPresent(auto -> auto.allowOnly(Set.of("enabled", "allow_redirects")));
        form.bool("confirm").ifPresent(c -> params.put("confirm", c));
        form.string("return_url").ifPresent(u -> params.put("return_url", u));
        form.strings("metadata").ifPresent(m -> params.put("metadata", m));
        StripeParams.cardOptions(form, params);
        StripeParams.expand(form, Set.of());
        form.string("payment_method").ifPresent(pm -> params.put("payment_method", savedForm(pm, request)));
        StripeCalls.Wording wording = calls.wording(StripeObjects::setupIntent, error -> setupDecline(error, request));
        return calls.send(setupIntents.create(calls.nativeBody(params), request, origin.shapedBy(wording)), wording);
    }

    @GetMapping("/stripe/v1/setup_intents/{id}")
    public ResponseEntity<byte[]> retrieveSetupIntent(@PathVariable String id, HttpServletRequest request) {
        calls.query(request).allowOnly(Set.of("expand", "client_secret"));
        return calls.ok(StripeObjects.setupIntent(calls.tree(setupIntents.retrieve(id, request))));
    }

    @PostMapping("/stripe/v1/setup_intents/{id}/confirm")
    public ResponseEntity<byte[]> confirmSetupIntent(@PathVariable String id, HttpServletRequest request, CommandOrigin origin) {
        StripeForm form = calls.body(request).allowOnly(Set.of("payment_method", "return_url", "expand"));
        Map<String, Object> params = new LinkedHashMap<>();
        form.string("return_url").ifPresent(u -> params.put("return_url", u));
        StripeParams.expand(form, Set.of());
        form.string("payment_method").ifPresent(pm -> params.put("payment_method", savedForm(pm, request)));
        StripeCalls.Wording wording = calls.wording(StripeObjects::setupIntent, error -> setupDecline(error, request));
        return calls.send(setupIntents.confirm(id, calls.nativeBody(params), request, origin.shapedBy(wording)), wording);
    }

    @PostMapping("/stripe/v1/setup_intents/{id}/cancel")
    public ResponseEntity<byte[]> cancelSetupIntent(@PathVariable String id, HttpServletRequest request, CommandOrigin origin) {
        StripeForm form = calls.body(request).allowOnly(Set.of("cancellation_reason", "expand"));
        Map<String, Object> params = new LinkedHashMap<>();
        form.string("cancellation_reason").ifPresent(r -> params.put("cancellation_reason", r));
        StripeCalls.Wording wording = calls.wording(StripeObjects::setupIntent, null);
        return calls.send(setupIntents.cancel(id, calls.nativeBody(params), request, origin.shapedBy(wording)), wording);
    }

    @GetMapping("/stripe/v1/setup_intents")
    public ResponseEntity<byte[]> listSetupIntents(HttpServletRequest request) {
        Map<String, String> query = StripeParams.listQuery(calls.query(request), Set.of("customer"), Map.of());
        return calls.list("/v1/setup_intents", query, q -> calls.tree(setupIntents.list(q, request)), StripeObjects::setupIntent);
    }

    /**
     * A setup intent's payment method: a {@code pm_} id as it is; one of Stripe's test values (test keys only) first
     * tokenized into the vault as the card it stands for, as the native API's own card parameter is before a payment.
     */
    private String savedForm(String paymentMethod, HttpServletRequest request) {
        Optional<String> test = StripeCalls.testCard(paymentMethod, request);
        if (test.isEmpty()) {
            return paymentMethod;
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("type", "card");
        card.put("card", StripeTestValues.card(test.get()));
        return calls.tree(paymentMethods.create(calls.nativeBody(card), request)).path("id").asString();
    }

    private Map<String, Object> setupDecline(Map<String, Object> error, HttpServletRequest request) {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (error.get("setup_intent") instanceof String id) {
            extra.put("setup_intent", StripeObjects.setupIntent(calls.tree(setupIntents.retrieve(id, request))));
        }
        return extra;
    }

    // ---- balance

    @GetMapping("/stripe/v1/balance")
    public ResponseEntity<byte[]> balance(HttpServletRequest request) {
        calls.query(request).allowOnly(Set.of("expand"));
        return calls.ok(StripeObjects.balance(calls.tree(balances.balance(request))));
    }

    @GetMapping("/stripe/v1/balance_transactions/{id}")
    public ResponseEntity<byte[]> balanceTransaction(@PathVariable String id, HttpServletRequest request) {
        calls.query(request).allowOnly(Set.of("expand"));
        return calls.ok(StripeObjects.balanceTransaction(calls.tree(balances.retrieve(id, request))));
    }

    @GetMapping("/stripe/v1/balance_transactions")
    public ResponseEntity<byte[]> balanceTransactions(HttpServletRequest request) {
        Map<String, String> query = StripeParams.listQuery(calls.query(request), Set.of("type"), Map.of());
        return calls.list("/v1/balance_transactions", query, q -> calls.tree(balances.list(q, request)), StripeObjects::balanceTransaction);
    }

    // ---- payouts

    @PostMapping("/stripe/v1/payouts")
    public ResponseEntity<byte[]> createPayout(HttpServletRequest request, CommandOrigin origin) {
        StripeForm form = calls.body(request).allowOnly(Set.of("amount", "currency", "destination", "metadata", "expand"));
        Map<String, Object> params = new LinkedHashMap<>();
        form.integer("amount").ifPresent(a -> params.put("amount", a));
        form.string("currency").ifPresent(c -> params.put("currency", c));
        form.string("destination").ifPresent(d -> params.put("destination", d));
        StripeParams.noMetadata(form, "Payouts");
        StripeParams.expand(form, Set.of());
        StripeCalls.Wording wording = calls.wording(StripeObjects::payout, null);
        return calls.send(payouts.create(calls.nativeBody(params), request, origin.shapedBy(wording)), wording);
    }

    @GetMapping("/stripe/v1/payouts/{id}")
    public ResponseEntity<byte[]> retrievePayout(@PathVariable String id, HttpServletRequest request) {
        calls.query(request).allowOnly(Set.of("expand"));
        return calls.ok(StripeObjects.payout(calls.tree(payouts.retrieve(id, request))));
    }

    @GetMapping("/stripe/v1/payouts")
    public ResponseEntity<byte[]> listPayouts(HttpServletRequest request) {
        Map<String, String> query = StripeParams.listQuery(calls.query(request), Set.of("status"), Map.of());
        refuseCreated(query);
        return calls.list("/v1/payouts", query, q -> calls.tree(payouts.list(q, request)), StripeObjects::payout);
    }

    @PostMapping("/stripe/v1/payouts/{id}/cancel")
    public ResponseEntity<byte[]> cancelPayout(@PathVariable String id, HttpServletRequest request, CommandOrigin origin) {
        calls.body(request).allowOnly(Set.of("expand"));
        StripeCalls.Wording wording = calls.wording(StripeObjects::payout, null);
        return calls.send(payouts.cancel(id, request, origin.shapedBy(wording)), wording);
    }

    // ---- disputes

    @GetMapping("/stripe/v1/disputes/{id}")
    public ResponseEntity<byte[]> retrieveDispute(@PathVariable String id, HttpServletRequest request) {
        calls.query(request).allowOnly(Set.of("expand"));
        return calls.ok(StripeObjects.dispute(calls.tree(disputes.retrieve(id, request))));
    }

    @GetMapping("/stripe/v1/disputes")
    public ResponseEntity<byte[]> listDisputes(HttpServletRequest request) {
        Map<String, String> query = StripeParams.listQuery(calls.query(request), Set.of(), Map.of());
        refuseCreated(query);
        return calls.list("/v1/disputes", query, q -> calls.tree(disputes.list(q, request)), StripeObjects::dispute);
    }

    /** Saves evidence; {@code submit=true} sends it, as Stripe's update does. */
    @PostMapping("/stripe/v1/disputes/{id}")
    public ResponseEntity<byte[]> updateDispute(@PathVariable String id, HttpServletRequest request, CommandOrigin origin) {
        StripeForm form = calls.body(request).allowOnly(Set.of("evidence", "submit", "metadata", "expand"));
        Map<String, Object> params = new LinkedHashMap<>();
        form.strings("evidence").ifPresent(e -> params.put("evidence", e));
        form.bool("submit").ifPresent(s -> params.put("submit", s));
        StripeParams.noMetadata(form, "Disputes");
        StripeParams.expand(form, Set.of());
        StripeCalls.Wording wording = calls.wording(StripeObjects::dispute, null);
        return calls.send(disputes.update(id, calls.nativeBody(params), request, origin.shapedBy(wording)), wording);
    }

    /** Accepts the dispute: it is lost. */
    @PostMapping("/stripe/v1/disputes/{id}/close")
    public ResponseEntity<byte[]> closeDispute(@PathVariable String id, HttpServletRequest request, CommandOrigin origin) {
        calls.body(request).allowOnly(Set.of("expand"));
        StripeCalls.Wording wording = calls.wording(StripeObjects::dispute, null);
        return calls.send(disputes.close(id, request, origin.shapedBy(wording)), wording);
    }

    private static void refuseCreated(Map<String, String> query) {
        if (query.containsKey("created[gte]") || query.containsKey("created[lte]")) {
            throw ApiException.invalid("parameter_unsupported", "created", "This list is paged by cursor here, not filtered by created.");
        }
    }
}
