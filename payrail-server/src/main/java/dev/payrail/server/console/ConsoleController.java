package dev.payrail.server.console;

import dev.payrail.server.api.ListPage;
import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import dev.payrail.server.api.QueryParams;
import dev.payrail.server.ledger.Balances;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.commands.CommandPipeline;
import dev.payrail.server.payments.ReviewDecisions;
import dev.payrail.server.risk.RiskAdministration;
import dev.payrail.server.payments.OperatorActions;
import org.springframework.http.ResponseEntity;
import dev.payrail.server.payments.RefundController;
import dev.payrail.server.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operations console's API, under /v1/admin/console (operator tokens and roles like every admin
 * endpoint, audited like every mutating call): search payments across merchants, a payment's whole
 * history, the overview with its trend, the work queues, balances, and the operator's refund and cancel.
 * Replays, redeliveries, provider switches and the reconciliation workflow use their own admin endpoints.
 */
@RestController
class ConsoleController {
    private static final Set<String> SEARCH = Set.of("q", "status", "last4", "amount", "created[gte]", "created[lte]", "limit");

    private final ConsoleQueries queries;
    private final ConsoleCustomers customers;
    private final OperatorActions actions;
    private final Balances balances;
    private final JsonMapper json;

    private final CommandPipeline pipeline;
    private final ReviewDecisions reviews;
    private final RiskAdministration risk;

    ConsoleController(ConsoleQueries queries, ConsoleCustomers customers, OperatorActions actions, Balances balances, JsonMapper json,
                      CommandPipeline pipeline, ReviewDecisions reviews, RiskAdministration risk) {
        this.risk = risk;
        this.reviews = reviews;
        this.pipeline = pipeline;
        this.queries = queries;
        this.customers = customers;
        this.actions = actions;
        this.balances = balances;
        this.json = json;
    }

    @Operation(operationId = "consoleSearchPayments", summary = "Payments of every merchant by id, merchant or provider "
            + "reference, merchant, status, last4, amount and date, newest first (operator: viewer)")
    @GetMapping("/v1/admin/console/payments")
    public Map<String, Object> payments(@Parameter(hidden = true) @RequestParam Map<String, String> query) {
        QueryParams params = QueryParams.of(query, SEARCH);
        String status = params.oneOf("status", PaymentStatus::fromWireName).map(PaymentStatus::wireName).orElse(null);
        String last4 = params.text("last4").filter(s -> !s.isBlank()).orElse(null);
        if (last4 != null && !last4.matches("[0-9]{4}")) {
            throw ApiException.invalid("parameter_invalid", "last4", "last4 is four digits.");
        }
        ConsoleQueries.PaymentSearch search = new ConsoleQueries.PaymentSearch(
                params.text("q").map(String::strip).filter(s -> !s.isEmpty()).orElse(null), status, last4,
                params.integer("amount", 1, Long.MAX_VALUE).orElse(null), params.createdFrom().orElse(null),
                params.createdUntil().orElse(null), params.limit());
        return ListPage.whole("/v1/admin/console/payments", queries.payments(search));
    }

    @Operation(operationId = "consolePayment", summary = "A payment with its whole history: transitions, provider "
            + "attempts, inbound webhooks, deliveries, ledger entries, refunds, disputes (operator: viewer)")
    @GetMapping("/v1/admin/console/payments/{id}")
    public Map<String, Object> payment(@PathVariable String id) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("payment", actions.payment(id).orElseThrow(() -> ApiException.notFound("payment", id)));
        answer.put("history", queries.history(id));
        return answer;
    }

    @Operation(operationId = "consoleSearchCustomers", summary = "Customers of every merchant by id or email (operator: viewer)")
    @GetMapping("/v1/admin/console/customers")
    public Map<String, Object> customers(@Parameter(hidden = true) @RequestParam Map<String, String> query) {
        QueryParams params = QueryParams.of(query, Set.of("q", "limit"));
        String text = params.text("q").map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> ApiException.invalid("parameter_missing", "q", "Search customers by their id or email."));
        return ListPage.whole("/v1/admin/console/customers", customers.search(text, params.limit()));
    }

    @Operation(operationId = "consoleCustomer", summary = "A customer with its saved cards and latest payments (operator: viewer)")
    @GetMapping("/v1/admin/console/customers/{id}")
    public Map<String, Object> customer(@PathVariable String id) {
        return customers.customer(id).orElseThrow(() -> ApiException.notFound("customer", id));
    }

    @Operation(operationId = "consoleRefund", summary = "Refund a payment as an operator (operator role)")
    @PostMapping("/v1/admin/console/payments/{id}/refund")
    public ResponseEntity<byte[]> refund(@PathVariable String id,
                                         @Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                         @Parameter(hidden = true) CommandOrigin origin) {
        JsonParams params = JsonParams.parse(json, body, Set.of("amount", "reason"));
        java.util.Optional<Long> amount = params.optionalLong("amount");
        if (amount.isPresent() && amount.get() <= 0) {
            throw ApiException.invalid("amount_invalid", "amount", "amount must be a positive integer in minor units.");
        }
        String reason = params.optionalString("reason", 32).orElse("requested_by_customer");
        if (!RefundController.REASONS.contains(reason)) {
            throw ApiException.invalid("parameter_invalid", "reason", "reason must be duplicate, fraudulent or requested_by_customer.");
        }
        return pipeline.respond(actions.refund(origin, id, amount, reason));
    }

    @Operation(operationId = "consoleCancel", summary = "Cancel (void) a payment as an operator (operator role)")
    @PostMapping("/v1/admin/console/payments/{id}/cancel")
    public ResponseEntity<byte[]> cancel(@PathVariable String id, @Parameter(hidden = true) CommandOrigin origin) {
        return pipeline.respond(actions.cancel(origin, id, "requested_by_customer"));
    }

    @Operation(operationId = "consoleReviews", summary = "The review queue of every merchant: open reviews by deadline, each "
            + "with the payment it holds and its risk outcome (operator: viewer)")
    @GetMapping("/v1/admin/console/reviews")
    public Map<String, Object> reviews(@Parameter(hidden = true) @RequestParam Map<String, String> query) {
        QueryParams params = QueryParams.of(query, Set.of("limit"));
        return ListPage.whole("/v1/admin/console/reviews", reviews.queue(params.limit()));
    }

    @Operation(operationId = "consoleApproveReview", summary = "Approve a review as an operator: the payment is captured (operator role)")
    @PostMapping("/v1/admin/console/reviews/{id}/approve")
    public ResponseEntity<byte[]> approveReview(@PathVariable String id, @Parameter(hidden = true) CommandOrigin origin) {
        return pipeline.respond(reviews.approve(origin, null, id));
    }

    @Operation(operationId = "consoleRefuseReview", summary = "Refuse a review as an operator: the payment is voided (operator role)")
    @PostMapping("/v1/admin/console/reviews/{id}/refuse")
    public ResponseEntity<byte[]> refuseReview(@PathVariable String id,
                                               @Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                               @Parameter(hidden = true) CommandOrigin origin) {
        JsonParams params = JsonParams.parse(json, body, Set.of("reason", "comment"));
        return pipeline.respond(reviews.refuse(origin, null, id, ReviewDecisions.refusalReason(params),
                params.optionalFreeText("comment", 1000)));
    }

    @Operation(operationId = "consoleRiskProfile", summary = "A merchant's risk set-up: the rules in force (its latest "
            + "set, or Payrail's defaults), its block and allow lists, its settings (operator: viewer)")
    @GetMapping("/v1/admin/console/risk/{merchant}")
    public Map<String, Object> riskProfile(@PathVariable String merchant) {
        Map<String, Object> known = queries.merchant(merchant).orElseThrow(() -> ApiException.notFound("merchant", merchant));
        Map<String, Object> profile = new LinkedHashMap<>(risk.profile((String) known.get("id")));
        profile.put("merchant_name", known.get("name"));
        return profile;
    }

    @Operation(operationId = "consoleAddRiskListEntry", summary = "Add an entry to a merchant's block or allow list, as "
            + "an operator (operator role; audited under the operator's name)")
    @PostMapping("/v1/admin/console/risk/{merchant}/lists")
    public Map<String, Object> addRiskListEntry(@PathVariable String merchant,
                                                @Parameter(hidden = true) @RequestBody(required = false) byte[] body) {
        return risk.addListEntry(knownMerchant(merchant), JsonParams.parse(json, body, RiskAdministration.ENTRY_FIELDS));
    }

    @Operation(operationId = "consoleRemoveRiskListEntry", summary = "Remove an entry from a merchant's list, as an "
            + "operator (operator role; audited)")
    @PostMapping("/v1/admin/console/risk/{merchant}/lists/{id}/remove")
    public Map<String, Object> removeRiskListEntry(@PathVariable String merchant, @PathVariable String id) {
        return risk.removeListEntry(knownMerchant(merchant), id);
    }

    private String knownMerchant(String id) {
        return queries.merchant(id).map(m -> (String) m.get("id")).orElseThrow(() -> ApiException.notFound("merchant", id));
    }

    @Operation(operationId = "consoleOverview", summary = "Backlogs, the authorization and 3-D Secure trends and the webhook lag of the last 24 hours "
            + "(operator: viewer)")
    @GetMapping("/v1/admin/console/overview")
    public Map<String, Object> overview(@io.swagger.v3.oas.annotations.Parameter(hidden = true)
                                        jakarta.servlet.http.HttpServletRequest request) {
        Map<String, Object> answer = new LinkedHashMap<>(queries.overview());
        dev.payrail.server.security.Caller caller = dev.payrail.server.security.Caller.of(request);
        Map<String, Object> operator = new LinkedHashMap<>();
        operator.put("name", caller.operator());
        operator.put("role", caller.role().name().toLowerCase(java.util.Locale.ROOT));
        answer.put("operator", operator);     // who is signed in, for the console's sidebar
        answer.put("authorizations_per_hour", queries.authorizationsPerHour(24));
        answer.put("webhook_lag_per_hour", queries.webhookLagPerHour(24));
        answer.put("authentications_per_hour", queries.authenticationsPerHour(24));
        return answer;
    }

    @Operation(operationId = "consoleRouting", summary = "Authorization rates by provider per hour and by segment over "
            + "the last 24 hours, and the smart-retry schedules, waiting and ended (operator: viewer)")
    @GetMapping("/v1/admin/console/routing")
    public Map<String, Object> routing() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("authorization_rates_per_hour", queries.authorizationRatesPerHour(24));
        answer.put("authorization_rates_by_segment", queries.authorizationRatesBySegment(24));
        answer.put("retry_schedules", queries.retrySchedules(50));
        return answer;
    }

    @Operation(operationId = "consoleQueues", summary = "Parked and flagged provider events, pending and failed deliveries, "
            + "failing endpoints (operator: viewer)")
    @GetMapping("/v1/admin/console/queues")
    public Map<String, Object> queues() {
        Map<String, Object> queues = new LinkedHashMap<>();
        queues.put("provider_events", queries.stuckProviderEvents(50));
        queues.put("deliveries_pending", queries.deliveries("pending", 50));
        queues.put("deliveries", queries.deliveries("failed", 50));
        queues.put("failing_endpoints", queries.failingEndpoints(50));
        return queues;
    }

    @Operation(operationId = "consoleReconciliationRuns", summary = "The latest reconciliation runs with their counts "
            + "(operator: viewer)")
    @GetMapping("/v1/admin/console/reconciliation_runs")
    public Map<String, Object> reconciliationRuns() {
        return ListPage.whole("/v1/admin/console/reconciliation_runs", queries.reconciliationRuns(20));
    }

    @Operation(operationId = "consoleBalances", summary = "Merchants with their available and pending funds "
            + "(operator: viewer)")
    @GetMapping("/v1/admin/console/balances")
    public Map<String, Object> balances() {
        List<Map<String, Object>> data = queries.merchants().stream().map(merchant -> {
            Map<String, Object> row = new LinkedHashMap<>(merchant);
            Balances.Funds funds = balances.of((String) merchant.get("id"));
            row.put("available", funds.available());
            row.put("pending", funds.pending());
            return row;
        }).toList();
        return ListPage.whole("/v1/admin/console/balances", data);
    }
}
