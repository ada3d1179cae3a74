package dev.payrail.core.risk;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A candidate rule set replayed against payments already evaluated, on the facts the rules read then: what it would
 * have decided ("this rule would have blocked 12 of the last 1,000 payments"), what that changes against what was
 * decided, and per rule how often its condition held, how often it would have decided, and how many of those payments
 * the issuer approved (the good payments it would have cost, as far as anyone knows yet).
 */
public final class Backtest {
    /** A payment as evaluated then: its facts, the action decided, and whether its issuer approved it. */
    public record Payment(String id, RiskFacts facts, RiskRule.Action decidedThen, boolean approved) {
    }

    /** One rule's part: held (whatever decided), decided the action, held on approved payments; a few examples. */
    public record RuleResult(String id, RiskRule.Action action, boolean logOnly, int held, int decided, int heldOnApproved,
                             List<String> examples) {
    }

    public record Result(int payments, Map<RiskRule.Action, Integer> wouldDecide, int wouldRequestThreeDSecure,
                         int newlyBlocked, int noLongerBlocked, int approvedWouldBeBlocked, List<RuleResult> rules) {
    }

    static final int EXAMPLES = 10;

    private Backtest() {
    }

    public static Result run(List<RiskRule> rules, List<RiskList.Entry> lists, List<Payment> payments) {
        Map<RiskRule.Action, Integer> decided = new EnumMap<>(RiskRule.Action.class);
        for (RiskRule.Action action : List.of(RiskRule.Action.ALLOW, RiskRule.Action.BLOCK, RiskRule.Action.REVIEW)) {
            decided.put(action, 0);
        }
        int[] held = new int[rules.size()];
        int[] decidedBy = new int[rules.size()];
        int[] heldOnApproved = new int[rules.size()];
        List<List<String>> examples = new ArrayList<>();
        rules.forEach(r -> examples.add(new ArrayList<>()));
        int threeDSecure = 0;
        int newlyBlocked = 0;
        int noLongerBlocked = 0;
        int approvedBlocked = 0;
        for (Payment payment : payments) {
            RiskRules.Decision decision = RiskRules.decide(rules, lists, payment.facts());
            decided.merge(decision.action(), 1, Integer::sum);
            threeDSecure += decision.requestThreeDSecure() ? 1 : 0;
            boolean blockedNow = decision.blocked();
            boolean blockedThen = payment.decidedThen() == RiskRule.Action.BLOCK;
            newlyBlocked += blockedNow && !blockedThen ? 1 : 0;
            noLongerBlocked += blockedThen && !blockedNow ? 1 : 0;
            approvedBlocked += blockedNow && payment.approved() ? 1 : 0;
            for (int i = 0; i < rules.size(); i++) {
                RiskRule rule = rules.get(i);
                if (!rule.condition().test(payment.facts())) {
                    continue;
                }
                held[i]++;
                heldOnApproved[i] += payment.approved() ? 1 : 0;
                if (Objects.equals(decision.rule().orElse(null), rule.id())
                        || Objects.equals(decision.threeDSecureRule().orElse(null), rule.id())) {
                    decidedBy[i]++;
                }
                if (examples.get(i).size() < EXAMPLES) {
                    examples.get(i).add(payment.id());
                }
            }
        }
        List<RuleResult> results = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            RiskRule rule = rules.get(i);
            results.add(new RuleResult(rule.id(), rule.action(), rule.logOnly(), held[i], decidedBy[i], heldOnApproved[i],
                    List.copyOf(examples.get(i))));
        }
        return new Result(payments.size(), decided, threeDSecure, newlyBlocked, noLongerBlocked, approvedBlocked, results);
    }
}
