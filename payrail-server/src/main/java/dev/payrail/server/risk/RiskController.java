package dev.payrail.server.risk;

import dev.payrail.core.risk.Backtest;
import dev.payrail.core.risk.RiskList;
import dev.payrail.core.risk.RiskRule;
import dev.payrail.core.risk.RuleParser;
import dev.payrail.core.risk.RuleSyntaxException;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import dev.payrail.server.api.ListPage;
import dev.payrail.server.api.QueryParams;
import dev.payrail.server.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A merchant's risk rules (/v1/risk/rules: the set, replaced whole as a new version, each condition checked by core's
 * RuleParser when saved) and lists (/v1/risk/lists: block and allow entries, normalized when added). Every change is
 * audited by the audit filter, as every mutating call is. docs/risk.md.
 */
@RestController
public class RiskController {
    static final int MAX_RULES = 100;
    private static final Set<String> RULE_FIELDS = Set.of("id", "action", "condition", "log_only");

    static final int MAX_BACKTEST = 10_000;

    private final RiskStore store;
    private final RiskEvaluator evaluator;
    private final EvaluatedPayments evaluated;
    private final RiskSettings settings;
    private final RiskAdministration administration;
    private final JsonMapper json;

    RiskController(RiskStore store, RiskEvaluator evaluator, EvaluatedPayments evaluated, RiskSettings settings,
                   RiskAdministration administration, JsonMapper json) {
        this.administration = administration;
        this.settings = settings;
        this.store = store;
        this.evaluator = evaluator;
        this.evaluated = evaluated;
        this.json = json;
    }

    @Schema(name = "RiskRuleParams")
    record RuleParams(@Schema(example = "block-card-testers") String id,
                      @Schema(allowableValues = {"request_three_d_secure", "allow", "block", "review"}) String action,
                      @Schema(example = ":ip_distinct_cards_1h: >= 10") String condition, Boolean log_only) {
    }

    @Schema(name = "RiskRuleSetParams")
    record RuleSetParams(List<RuleParams> rules) {
    }

    @Operation(operationId = "replaceRiskRules", summary = "Replace the merchant's risk rules, as a new version",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = RuleSetParams.class))))
    @PostMapping("/v1/risk/rules")
    public Map<String, Object> replace(@Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                       @Parameter(hidden = true) HttpServletRequest request) {
        JsonParams.parse(json, body, Set.of("rules"));
        List<RiskStore.StoredRule> parsed = ruleSetOf(JsonParams.object(json, body).path("rules"));
        String merchantId = Caller.of(request).merchantId();
        try {
            store.replaceRules(merchantId, parsed);
            evaluator.changed(merchantId);
        } catch (DuplicateKeyException concurrently) {
            throw ApiException.conflict("risk_rules_concurrently_modified",
                    "The rules were replaced by another request at the same time; fetch them and retry.");
        }
        return ruleSet(store.rules(merchantId, Optional.empty()).orElseThrow());
    }

    @Operation(operationId = "retrieveRiskRules", summary = "The merchant's risk rules: the latest version, or ?version=N")
    @GetMapping("/v1/risk/rules")
    public Map<String, Object> rules(@Parameter(hidden = true) @RequestParam Map<String, String> query,
                                     @Parameter(hidden = true) HttpServletRequest request) {
        QueryParams params = QueryParams.of(query, Set.of("version"));
        Optional<Integer> version = params.integer("version", 1, Integer.MAX_VALUE).map(Long::intValue);
        return store.rules(Caller.of(request).merchantId(), version).map(RiskController::ruleSet)
                .orElseGet(() -> version.isPresent() ? notFoundVersion(version.get()) : ruleSet(RiskAdministration.DEFAULTS));
    }

    @Schema(name = "RiskListEntryParams")
    record EntryParams(@Schema(allowableValues = {"allow", "block"}) String kind,
                       @Schema(allowableValues = {"card_fingerprint", "email", "ip_address", "card_bin", "customer"}) String type,
                       @Schema(example = "203.0.113.0/24") String value, String description) {
    }

    @Operation(operationId = "addRiskListEntry", summary = "Add an entry to the merchant's block or allow list",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = EntryParams.class))))
    @PostMapping("/v1/risk/lists")
    public Map<String, Object> add(@Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                   @Parameter(hidden = true) HttpServletRequest request) {
        JsonParams params = JsonParams.parse(json, body, RiskAdministration.ENTRY_FIELDS);
        return administration.addListEntry(Caller.of(request).merchantId(), params);
    }

    @Operation(operationId = "listRiskListEntries", summary = "The merchant's list entries, newest first (?kind=allow|block)")
    @GetMapping("/v1/risk/lists")
    public Map<String, Object> list(@Parameter(hidden = true) @RequestParam Map<String, String> query,
                                    @Parameter(hidden = true) HttpServletRequest request) {
        QueryParams params = QueryParams.of(query, Set.of("kind", "limit"));
        Optional<RiskList.Kind> kind = params.text("kind").map(k -> word(k, "kind", RiskList.Kind.class));
        return ListPage.whole("/v1/risk/lists", store.list(Caller.of(request).merchantId(), kind, params.limit()).stream()
                .map(RiskAdministration::entry).toList());
    }

    @Schema(name = "RiskSettingsParams")
    record SettingsParams(@Schema(description = "An early fraud warning refunds the payment at once (voids it when not captured)")
                          Boolean refund_on_early_fraud_warning) {
    }

    @Operation(operationId = "getRiskSettings", summary = "The merchant's risk settings")
    @GetMapping("/v1/risk/settings")
    public Map<String, Object> settings(@Parameter(hidden = true) HttpServletRequest request) {
        return settings.json(Caller.of(request).merchantId());
    }

    @Operation(operationId = "updateRiskSettings", summary = "Change the merchant's risk settings (the ones given)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = SettingsParams.class))))
    @PostMapping("/v1/risk/settings")
    public Map<String, Object> updateSettings(@Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                              @Parameter(hidden = true) HttpServletRequest request) {
        JsonParams params = JsonParams.parse(json, body, Set.of("refund_on_early_fraud_warning"));
        String merchantId = Caller.of(request).merchantId();
        params.optionalBoolean("refund_on_early_fraud_warning")
                .ifPresent(refund -> settings.setRefundOnEarlyFraudWarning(merchantId, refund));
        return settings.json(merchantId);
    }

    @Operation(operationId = "removeRiskListEntry", summary = "Remove an entry from its list (kept in the history)")
    @DeleteMapping("/v1/risk/lists/{id}")
    public Map<String, Object> remove(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) {
        return administration.removeListEntry(Caller.of(request).merchantId(), id);
    }

    @Schema(name = "RiskBacktestParams")
    record BacktestParams(@Schema(description = "The candidate rule set, as POST /v1/risk/rules takes it") List<RuleParams> rules,
                          @Schema(description = "How many of the latest evaluated payments to replay", defaultValue = "1000",
                                  maximum = "10000") Integer limit) {
    }

    @Operation(operationId = "backtestRiskRules", summary = "Replay a candidate rule set against the latest evaluated "
            + "payments, on the facts the rules read then; nothing is saved",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = BacktestParams.class))))
    @PostMapping("/v1/risk/rules/backtest")
    public Map<String, Object> backtest(@Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                        @Parameter(hidden = true) HttpServletRequest request) {
        JsonParams params = JsonParams.parse(json, body, Set.of("rules", "limit"));
        List<RiskStore.StoredRule> candidate = ruleSetOf(JsonParams.object(json, body).path("rules"));
        long limit = params.optionalLong("limit").orElse(1_000L);
        if (limit < 1 || limit > MAX_BACKTEST) {
            throw ApiException.invalid("parameter_invalid", "limit", "limit must be between 1 and " + MAX_BACKTEST + ".");
        }
        String merchantId = Caller.of(request).merchantId();
        List<RiskRule> rules = candidate.stream().map(r -> RiskRule.of(r.id(), r.action(), r.condition(), r.logOnly())).toList();
        List<EvaluatedPayments.Evaluated> replayed = evaluated.recent(merchantId, (int) limit);
        Backtest.Result result = Backtest.run(rules, evaluator.inUse(merchantId).lists(), replayed.stream()
                .map(p -> new Backtest.Payment(p.paymentId(), p.facts(), p.action() == null ? RiskRule.Action.ALLOW
                        : RiskRule.Action.fromWireName(p.action()), APPROVED.contains(p.status()))).toList());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("object", "risk_backtest");
        answer.put("payments", result.payments());
        answer.put("from", replayed.isEmpty() ? null : replayed.get(replayed.size() - 1).created().getEpochSecond());
        answer.put("to", replayed.isEmpty() ? null : replayed.get(0).created().getEpochSecond());
        answer.put("would_allow", result.wouldDecide().get(RiskRule.Action.ALLOW));
        answer.put("would_block", result.wouldDecide().get(RiskRule.Action.BLOCK));
        answer.put("would_review", result.wouldDecide().get(RiskRule.Action.REVIEW));
        answer.put("would_request_three_d_secure", result.wouldRequestThreeDSecure());
        answer.put("newly_blocked", result.newlyBlocked());
        answer.put("no_longer_blocked", result.noLongerBlocked());
        answer.put("approved_would_be_blocked", result.approvedWouldBeBlocked());
        List<Map<String, Object>> perRule = new ArrayList<>();
        for (Backtest.RuleResult rule : result.rules()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("id", rule.id());
            one.put("action", rule.action().wireName());
            one.put("log_only", rule.logOnly());
            one.put("held", rule.held());
            one.put("decided", rule.decided());
            one.put("held_on_approved", rule.heldOnApproved());
            one.put("examples", rule.examples());
            perRule.add(one);
        }
        answer.put("rules", perRule);
        return answer;
    }

    /** The statuses of a payment its issuer approved. */
    private static final Set<String> APPROVED = Set.of("succeeded", "requires_capture");

    /** A rule set as sent: every rule checked, ids unique, at most {@link #MAX_RULES}. */
    private List<RiskStore.StoredRule> ruleSetOf(JsonNode rules) {
        if (!rules.isArray()) {
            throw ApiException.invalid("parameter_missing", "rules", "Send {\"rules\": [...]}: the whole set, [] for none.");
        }
        if (rules.size() > MAX_RULES) {
            throw ApiException.invalid("parameter_invalid", "rules", "A rule set has at most " + MAX_RULES + " rules.");
        }
        List<RiskStore.StoredRule> parsed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            RiskStore.StoredRule rule = rule(rules.get(i), "rules[" + i + "]");
            if (!ids.add(rule.id())) {
                throw ApiException.invalid("parameter_invalid", "rules[" + i + "].id", "Two rules are named " + rule.id() + ".");
            }
            parsed.add(rule);
        }
        return parsed;
    }

    private RiskStore.StoredRule rule(JsonNode node, String param) {
        if (!node.isObject()) {
            throw ApiException.invalid("parameter_invalid", param, param + " must be an object with id, action and condition.");
        }
        for (String field : node.propertyNames()) {
            if (!RULE_FIELDS.contains(field)) {
                throw ApiException.invalid("parameter_unknown", param + "." + field, "Received unknown parameter: " + param + "." + field);
            }
        }
        String id = text(node, "id", param, 64);
        if (!id.matches("[A-Za-z0-9_.:-]+")) {
            throw ApiException.invalid("parameter_invalid", param + ".id", "A rule id is letters, digits and _ . : - only.");
        }
        RiskRule.Action action = word(text(node, "action", param, 32), param + ".action", RiskRule.Action.class);
        String condition = text(node, "condition", param, 2_000);
        JsonParams.requireStorableText(param + ".condition", condition);
        JsonParams.refuseCardNumber(param + ".condition", condition);
        try {
            RuleParser.parse(condition);
        } catch (RuleSyntaxException refused) {
            throw ApiException.invalid("rule_invalid", param + ".condition", refused.getMessage());
        }
        JsonNode logOnly = node.path("log_only");
        if (!logOnly.isMissingNode() && !logOnly.isBoolean()) {
            throw ApiException.invalid("parameter_invalid", param + ".log_only", param + ".log_only must be true or false.");
        }
        return new RiskStore.StoredRule(id, action, condition, logOnly.asBoolean(false));
    }

    private static String text(JsonNode node, String field, String param, int maxLength) {
        JsonNode value = node.path(field);
        if (!value.isString() || value.asString().isBlank()) {
            throw ApiException.invalid("parameter_missing", param + "." + field, param + "." + field + " is required (a string).");
        }
        if (value.asString().length() > maxLength) {
            throw ApiException.invalid("parameter_invalid", param + "." + field, param + "." + field + " is at most " + maxLength + " characters.");
        }
        return value.asString();
    }

    static <E extends Enum<E>> E word(String text, String param, Class<E> type) {
        for (E value : type.getEnumConstants()) {
            if (value.name().toLowerCase(Locale.ROOT).equals(text)) {
                return value;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E value : type.getEnumConstants()) {
            allowed.add(value.name().toLowerCase(Locale.ROOT));
        }
        throw ApiException.invalid("parameter_invalid", param, param + " must be one of " + String.join(", ", allowed) + ".");
    }

    private static Map<String, Object> notFoundVersion(int version) {
        throw ApiException.notFound("risk_rule_set", "version " + version, "version");
    }

    static Map<String, Object> ruleSet(RiskStore.RuleSet set) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("object", "risk_rule_set");
        json.put("version", set.version());
        json.put("created", set.created() == null ? null : set.created().getEpochSecond());
        List<Map<String, Object>> rules = new ArrayList<>();
        for (RiskStore.StoredRule rule : set.rules()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("id", rule.id());
            one.put("action", rule.action().wireName());
            one.put("condition", rule.condition());
            one.put("log_only", rule.logOnly());
            rules.add(one);
        }
        json.put("rules", rules);
        return json;
    }

}
