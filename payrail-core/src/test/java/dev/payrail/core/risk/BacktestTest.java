package dev.payrail.core.risk;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A backtest counts what a candidate set would decide on the facts of then, and what it changes. */
class BacktestTest {
    private static Backtest.Payment payment(int n, long amount, long cardsFromIp, RiskRule.Action then, boolean approved) {
        return new Backtest.Payment("pay_" + n, RiskFacts.builder().number("amount", amount)
                .number("ip_distinct_cards_1h", cardsFromIp).build(), then, approved);
    }

    @Test
    void counts_per_rule_what_held_what_decided_and_what_it_changes() {
        List<Backtest.Payment> payments = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            // 12 from a tester's address (declined at the issuer), one of them blocked then; 3 large approved ones
            boolean tester = i < 12;
            boolean large = i >= 12 && i < 15;
            payments.add(payment(i, large ? 200_000 : 1_000, tester ? 15 : 1,
                    i == 0 ? RiskRule.Action.BLOCK : RiskRule.Action.ALLOW, !tester));
        }
        List<RiskRule> candidate = List.of(
                RiskRule.of("block-testers", RiskRule.Action.BLOCK, ":ip_distinct_cards_1h: >= 10", false),
                RiskRule.of("review-large", RiskRule.Action.REVIEW, ":amount: > 100000", false),
                RiskRule.of("also-testers", RiskRule.Action.BLOCK, ":ip_distinct_cards_1h: >= 12", true));
        Backtest.Result result = Backtest.run(candidate, List.of(), payments);
        assertThat(result.payments()).isEqualTo(1000);
        assertThat(result.wouldDecide()).containsEntry(RiskRule.Action.BLOCK, 12).containsEntry(RiskRule.Action.REVIEW, 3)
                .containsEntry(RiskRule.Action.ALLOW, 985);
        assertThat(result.newlyBlocked()).isEqualTo(11);
        assertThat(result.noLongerBlocked()).isZero();
        assertThat(result.approvedWouldBeBlocked()).isZero();
        Backtest.RuleResult testers = result.rules().get(0);
        assertThat(testers.held()).isEqualTo(12);
        assertThat(testers.decided()).isEqualTo(12);
        assertThat(testers.examples()).hasSize(Backtest.EXAMPLES).startsWith("pay_0");
        Backtest.RuleResult logOnly = result.rules().get(2);
        assertThat(logOnly.held()).as("a log-only rule is counted where it holds").isEqualTo(12);
        assertThat(logOnly.decided()).as("and decides nothing").isZero();
        assertThat(result.rules().get(1).heldOnApproved()).isEqualTo(3);

        // an empty candidate set unblocks the one payment blocked then
        Backtest.Result none = Backtest.run(List.of(), List.of(), payments);
        assertThat(none.noLongerBlocked()).isEqualTo(1);
        assertThat(none.wouldDecide()).containsEntry(RiskRule.Action.ALLOW, 1000);
    }
}
