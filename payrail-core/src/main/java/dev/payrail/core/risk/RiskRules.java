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

    /**
     * The outcome: {@code rule} is the rule that decided the action, {@code listEntry} the list entry (at most one of
     * them; both empty: nothing held, allowed).
     */
    public record Decision(RiskRule.Action action, Optional<String> rule, Optional<String> listEntry,
                           Optional<String> threeDSecureRule, List<String> loggedOnly) {
        public boolean blocked() {
            return action == RiskRule.Action.BLOCK;
        }

        public boolean requestThreeDSecure() {
            return threeDSecureRule.isPresent();
        }

        /**
         * This decision evaluated but not enforced (a merchant whose risk enforcement is log-only): the payment is
         * allowed without 3-D Secure, and the rule or list entry that would have acted, and the rule that would have
         * asked for 3-D Secure, are recorded with the log-only rules that held.
         */
        public Decision notEnforced() {
            java.util.LinkedHashSet<String> recorded = new java.util.LinkedHashSet<>(loggedOnly);
            threeDSecureRule.ifPresent(recorded::add);
            rule.ifPresent(recorded::add);
            listEntry.ifPresent(recorded::add);
            return new Decision(RiskRule.Action.ALLOW, Optional.empty(), Optional.empty(), Optional.empty(), List.copyOf(recorded));
        }
    }

    private RiskRules() {
    }

    public static Decision decide(List<RiskRule> rules, RiskFacts facts) {
        return decide(rules, List.of(), facts);
    }

    /**
     * With the merchant's lists: an allow entry is read with the allow rules (before them), a block entry with the
     * block rules (before them); so an allow entry or rule lets a payment past every block.
     */
    public static Decision decide(List<RiskRule> rules, List<RiskList.Entry> lists, RiskFacts facts) {
        // every log-only rule that holds is recorded, whatever decides: that is what trying a rule on live traffic means
        List<String> loggedOnly = rules.stream().filter(r -> r.logOnly() && r.condition().test(facts)).map(RiskRule::id).toList();
        Optional<String> threeDSecure = first(rules, RiskRule.Action.REQUEST_THREE_D_SECURE, facts);
        Optional<RiskList.Entry> listed = RiskList.match(lists, facts);
        for (RiskRule.Action action : List.of(RiskRule.Action.ALLOW, RiskRule.Action.BLOCK, RiskRule.Action.REVIEW)) {
            if (listed.isPresent() && listed.get().kind().name().equals(action.name())) {
                return new Decision(action, Optional.empty(), Optional.of(listed.get().id()), threeDSecure, loggedOnly);
            }
            Optional<String> decided = first(rules, action, facts);
            if (decided.isPresent()) {
                return new Decision(action, decided, Optional.empty(), threeDSecure, loggedOnly);
            }
        }
        return new Decision(RiskRule.Action.ALLOW, Optional.empty(), Optional.empty(), threeDSecure, loggedOnly);
    }

    /** The first acting (not log-only) rule of {@code action} that holds. */
    private static Optional<String> first(List<RiskRule> rules, RiskRule.Action action, RiskFacts facts) {
        return rules.stream().filter(r -> r.action() == action && !r.logOnly() && r.condition().test(facts))
                .map(RiskRule::id).findFirst();
    }
}
