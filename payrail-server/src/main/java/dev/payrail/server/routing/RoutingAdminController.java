package dev.payrail.server.routing;

import dev.payrail.server.api.ListPage;
import dev.payrail.core.providers.ProviderRegistry;
import dev.payrail.core.routing.RoutingRule;
import dev.payrail.server.PayrailProperties;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Operators change routing at runtime, for every instance at once: the rule set, and per-provider kill
 * switches (disable routes no new authorization to a provider; calls in flight finish, and captures and
 * refunds of its payments still go to it).
 */
@RestController
@RequestMapping("/v1/admin")
public class RoutingAdminController {
    private static final Set<String> RULE_FIELDS = Set.of("id", "priority", "currencies", "brands", "countries",
            "merchants", "min_amount", "max_amount", "targets", "retry_soft_declines");

    private final RoutingStore store;
    private final ProviderRegistry providers;
    private final JsonMapper json;
    private final PayrailProperties properties;

    private final PaymentRouter router;

    RoutingAdminController(RoutingStore store, ProviderRegistry providers, JsonMapper json, PayrailProperties properties,
                           PaymentRouter router) {
        this.router = router;
        this.store = store;
        this.providers = providers;
        this.json = json;
        this.properties = properties;
    }

    /** Configured rules become the first rule set; a database that already has rules keeps them. */
    @EventListener(ApplicationReadyEvent.class)
    public void seedFromConfiguration() {
        List<RoutingRule> configured = properties.routing().rules();
        if (!configured.isEmpty() && store.rules().isEmpty()) {
            checkProviders(configured);
            store.replaceRules(configured);
        }
    }

    @Operation(operationId = "listRoutingRules", summary = "The routing rules in force (admin token)")
    @GetMapping("/routing_rules")
    public Map<String, Object> rules() {
        return ListPage.whole("/v1/admin/routing_rules", store.rules().stream().map(RoutingAdminController::ruleJson).toList());
    }

    @Operation(operationId = "routingScores", summary = "The success-rate strategy's settings and this process's window: "
            + "attempts, approvals and rate per segment depth and provider (operator: viewer)")
    @GetMapping("/routing/scores")
    public Map<String, Object> scores() {
        return router.scores();
    }

    @Operation(operationId = "replaceRoutingRules", summary = "Replace the whole rule set at once (admin token)")
    @PostMapping("/routing_rules")
    public Map<String, Object> replace(@Parameter(hidden = true) @RequestBody(required = false) byte[] body) {
        JsonNode root = JsonParams.object(json, body);
        if (!root.path("rules").isArray()) {
            throw ApiException.invalid("parameter_missing", "rules", "Send {\"rules\": [...]}.");
        }
        List<RoutingRule> rules = new ArrayList<>();
        int index = 0;
        for (JsonNode rule : root.path("rules")) {
            rules.add(rule(rule, "rules[" + index++ + "]"));
        }
        checkProviders(rules);
        store.replaceRules(rules);
        return rules();
    }

    @Operation(operationId = "disableProvider", summary = "Route no new authorizations to a provider (admin token)")
    @PostMapping("/providers/{name}/disable")
    public Map<String, Object> disable(@PathVariable String name, @Parameter(hidden = true) @RequestBody(required = false) byte[] body) {
        requireProvider(name);
        store.setEnabled(name, false, JsonParams.object(json, body).path("reason").asString(null));
        return Map.of("provider", name, "enabled", false);
    }

    @Operation(operationId = "enableProvider", summary = "Route authorizations to a provider again (admin token)")
    @PostMapping("/providers/{name}/enable")
    public Map<String, Object> enable(@PathVariable String name) {
        requireProvider(name);
        store.setEnabled(name, true, null);
        return Map.of("provider", name, "enabled", true);
    }

    private RoutingRule rule(JsonNode node, String param) {
        for (String field : node.propertyNames()) {
            if (!RULE_FIELDS.contains(field)) {
                throw ApiException.invalid("parameter_unknown", param + "." + field, "Unknown rule field: " + field);
            }
        }
        try {
            List<RoutingRule.Target> targets = new ArrayList<>();
            for (JsonNode t : node.path("targets")) {
                if (!t.path("provider").isString() || !t.path("weight").isIntegralNumber()) {
                    throw ApiException.invalid("parameter_invalid", param + ".targets",
                            "Each target needs a provider name and an integer weight.");
                }
                targets.add(new RoutingRule.Target(t.path("provider").asString(), t.path("weight").intValue()));
            }
            return new RoutingRule(node.path("id").asString(null), node.path("priority").asInt(100),
                    strings(node.path("currencies")), strings(node.path("brands")), strings(node.path("countries")),
                    strings(node.path("merchants")), longOrNull(node.path("min_amount")),
                    longOrNull(node.path("max_amount")), targets, node.path("retry_soft_declines").asBoolean(false));
        } catch (IllegalArgumentException invalid) {
            throw ApiException.invalid("rule_invalid", param, invalid.getMessage());
        }
    }

    private void checkProviders(List<RoutingRule> rules) {
        Set<String> ids = new HashSet<>();
        for (RoutingRule rule : rules) {
            if (!ids.add(rule.id())) {
                throw ApiException.invalid("rule_invalid", "rules", "Two rules have the id " + rule.id() + ".");
            }
            for (RoutingRule.Target target : rule.targets()) {
                if (providers.find(target.provider()).isEmpty()) {
                    throw ApiException.invalid("provider_unknown", "rules",
                            "Rule " + rule.id() + " names provider " + target.provider() + ", which is not configured ("
                                    + String.join(", ", providers.names()) + ").");
                }
            }
        }
    }

    private void requireProvider(String name) {
        if (providers.find(name).isEmpty()) {
            throw ApiException.notFound("provider", name);
        }
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new HashSet<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    private static Long longOrNull(JsonNode value) {
        return value.isIntegralNumber() ? value.longValue() : null;
    }

    static Map<String, Object> ruleJson(RoutingRule rule) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", rule.id());
        json.put("priority", rule.priority());
        json.put("currencies", rule.currencies().stream().sorted().toList());
        json.put("brands", rule.brands().stream().sorted().toList());
        json.put("countries", rule.countries().stream().sorted().toList());
        json.put("merchants", rule.merchants().stream().sorted().toList());
        json.put("min_amount", rule.minAmount());
        json.put("max_amount", rule.maxAmount());
        json.put("targets", rule.targets().stream().map(t -> Map.of("provider", t.provider(), "weight", t.weight())).toList());
        json.put("retry_soft_declines", rule.retrySoftDeclines());
        return json;
    }
}
