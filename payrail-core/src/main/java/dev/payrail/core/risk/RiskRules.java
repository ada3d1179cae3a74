package dev.payrail.core.risk;

import java.util.List;
import java.util.Optional;

/**
 * What a rule set decides for one payment. Rules are read by action in a fixed order, whatever order they were
 * written in: {@code request_three_d_secure} rules first (the first that holds asks for authentication, and evaluation
 * goes on), then {@code allow} (the first that holds lets the payment through: no block or review rule is read), then
 * {@code block} (refused before any provider is called), then {@code review} (authorized, held for an analyst). Within
 * one action, the rule set's order. A log-only rule is evaluated whatever decides: recorded when it holds, it changes
 * nothing.
 */
public final class RiskRules {

    /** The outcome of a rule set; {@code rule} is the one that decided the action (empty: none held, allowed). */
    public record Decision(RiskRule.Action action, Optional<String> rule, Optional<String> threeDSecureRule,
                           List<String> loggedOnly) {
        public boolean blocked() {
            return action == RiskRule.Action.BLOCK;
        }

        public boolean requestThreeDSecure() {
            return threeDSecureRule.isPresent();
        }
    }

    private RiskRules() {
    }

    public static Decision decide(List<RiskRule> rules, RiskFacts facts) {
        // every log-only rule that holds is recorded, whatever decides: that is what trying a rule on live traffic means
        List<String> loggedOnly = rules.stream().filter(r -> r.logOnly() && r.condition().test(facts)).map(RiskRule::id).toList();
        Optional<String> threeDSecure = first(rules, RiskRule.Action.REQUEST_THREE_D_SECURE, facts);
        for (RiskRule.Action action : List.of(RiskRule.Action.ALLOW, RiskRule.Action.BLOCK, RiskRule.Action.REVIEW)) {
            Optional<String> decided = first(rules, action, facts);
            if (decided.isPresent()) {
                return new Decision(action, decided, threeDSecure, loggedOnly);
            }
        }
        return new Decision(RiskRule.Action.ALLOW, Optional.empty(), threeDSecure, loggedOnly);
    }

    /** The first acting (not log-only) rule of {@code action} that holds. */
    private static Optional<String> first(List<RiskRule> rules, RiskRule.Action action, RiskFacts facts) {
        return rules.stream().filter(r -> r.action() == action && !r.logOnly() && r.condition().test(facts))
                .map(RiskRule::id).findFirst();
    }
}
