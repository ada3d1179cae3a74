package dev.payrail.core.risk;

import java.util.Locale;

/**
 * One rule of a merchant's rule set: what it does when its condition holds, and whether it only logs (a rule tried on
 * live traffic before it acts: its matches are recorded, nothing is changed).
 */
public record RiskRule(String id, Action action, RuleExpression condition, boolean logOnly) {

    /** In the order rules are evaluated, as Radar does: authentication first, then allow, block, review. */
    public enum Action {
        REQUEST_THREE_D_SECURE, ALLOW, BLOCK, REVIEW;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Action fromWireName(String name) {
            for (Action action : values()) {
                if (action.wireName().equals(name)) {
                    return action;
                }
            }
            throw new IllegalArgumentException("no rule action " + name);
        }
    }

    public RiskRule {
        if (id == null || id.isBlank() || action == null || condition == null) {
            throw new IllegalArgumentException("a rule needs an id, an action and a condition");
        }
    }

    /** Parses {@code condition}: a {@link RuleSyntaxException} says what is wrong with it, and where. */
    public static RiskRule of(String id, Action action, String condition, boolean logOnly) {
        return new RiskRule(id, action, RuleParser.parse(condition), logOnly);
    }
}
