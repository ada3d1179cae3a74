package dev.payrail.server.risk;

import dev.payrail.core.risk.RiskRule;
import dev.payrail.core.risk.RiskRules;
import dev.payrail.core.risk.RiskScore;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one risk evaluation decided, as the payment records and shows it ({@code outcome}): the action, the score and
 * level with the signals behind them, the rule or list entry that decided (neither: nothing held), the rule that asked
 * for 3-D Secure, the log-only rules that held, whether it was enforced (docs/flags.md), and the rule set read
 * ({@code 0}: Payrail's default set).
 */
public record RiskOutcome(RiskRule.Action action, int score, RiskScore.Level level, List<String> reasons, String rule,
                          String listEntry, String threeDSecureRule, List<String> loggedOnly, boolean enforced,
                          int ruleSetVersion, Instant evaluatedAt) {

    /**
     * The outcome of {@code decision}; not {@code enforced} (the merchant's {@code risk.enforcement} flag is log-only),
     * the decision is recorded as {@link RiskRules.Decision#notEnforced()} has it: allowed, what would have acted logged.
     */
    static RiskOutcome of(RiskRules.Decision decision, RiskScore.Score score, int ruleSetVersion, Instant at, boolean enforced) {
        RiskRules.Decision applied = enforced ? decision : decision.notEnforced();
        return new RiskOutcome(applied.action(), score.score(), score.level(), score.reasons(), applied.rule().orElse(null),
                applied.listEntry().orElse(null), applied.threeDSecureRule().orElse(null), applied.loggedOnly(), enforced,
                ruleSetVersion, at);
    }

    public boolean blocked() {
        return action == RiskRule.Action.BLOCK;
    }

    public boolean review() {
        return action == RiskRule.Action.REVIEW;
    }

    public boolean requestsThreeDSecure() {
        return threeDSecureRule != null;
    }

    /** The API's and events' {@code outcome} object; also how it is stored. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("action", action.wireName());
        json.put("risk_score", score);
        json.put("risk_level", level.wireName());
        json.put("reasons", reasons);
        json.put("rule", rule);
        json.put("list_entry", listEntry);
        json.put("three_d_secure_rule", threeDSecureRule);
        json.put("logged_only_rules", loggedOnly);
        json.put("enforced", enforced);
        json.put("rule_set_version", ruleSetVersion);
        json.put("evaluated_at", evaluatedAt.getEpochSecond());
        return json;
    }

    /** An outcome as a jsonb column's text; null for none. */
    public static String column(tools.jackson.databind.json.JsonMapper json, RiskOutcome outcome) {
        return outcome == null ? null : json.writeValueAsString(outcome.toJson());
    }

    /** The outcome a jsonb column holds; null for none. */
    public static RiskOutcome fromColumn(tools.jackson.databind.json.JsonMapper json, String column) {
        return column == null ? null : fromJson(json.readValue(column, new tools.jackson.core.type.TypeReference<Map<String, Object>>() {
        }));
    }

    @SuppressWarnings("unchecked")
    public static RiskOutcome fromJson(Map<String, Object> json) {
        return new RiskOutcome(RiskRule.Action.fromWireName((String) json.get("action")),
                ((Number) json.get("risk_score")).intValue(),
                RiskScore.Level.valueOf(((String) json.get("risk_level")).toUpperCase(java.util.Locale.ROOT)),
                List.copyOf((List<String>) json.get("reasons")), (String) json.get("rule"), (String) json.get("list_entry"),
                (String) json.get("three_d_secure_rule"), List.copyOf((List<String>) json.get("logged_only_rules")),
                // outcomes recorded before the flag existed were all enforced
                !Boolean.FALSE.equals(json.get("enforced")),
                ((Number) json.get("rule_set_version")).intValue(),
                Instant.ofEpochSecond(((Number) json.get("evaluated_at")).longValue()));
    }
}
