package dev.payrail.core.risk;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Rule kinds are read in Radar's order, whatever order they were written in; log-only rules change nothing. */
class RiskRulesTest {
    private static final RiskFacts CARD_TESTING = RiskFacts.builder().number("ip_distinct_cards_1h", 40).number("amount", 100)
            .string("email", "vip@example.com").number("risk_score", 80).build();

    @Test
    void an_allow_rule_wins_over_a_block_rule_written_before_it() {
        List<RiskRule> rules = List.of(
                RiskRule.of("block-ip", RiskRule.Action.BLOCK, ":ip_distinct_cards_1h: >= 10", false),
                RiskRule.of("allow-vip", RiskRule.Action.ALLOW, ":email: = 'vip@example.com'", false));
        RiskRules.Decision decision = RiskRules.decide(rules, CARD_TESTING);
        assertThat(decision.action()).isEqualTo(RiskRule.Action.ALLOW);
        assertThat(decision.rule()).contains("allow-vip");
    }

    @Test
    void block_comes_before_review_and_authentication_is_asked_for_as_well() {
        List<RiskRule> rules = List.of(
                RiskRule.of("review-risky", RiskRule.Action.REVIEW, ":risk_score: > 50", false),
                RiskRule.of("block-ip", RiskRule.Action.BLOCK, ":ip_distinct_cards_1h: >= 10", false),
                RiskRule.of("3ds-risky", RiskRule.Action.REQUEST_THREE_D_SECURE, ":risk_score: >= 75", false));
        RiskRules.Decision decision = RiskRules.decide(rules, CARD_TESTING);
        assertThat(decision.blocked()).isTrue();
        assertThat(decision.rule()).contains("block-ip");
        assertThat(decision.threeDSecureRule()).contains("3ds-risky");

        RiskRules.Decision calmer = RiskRules.decide(rules, RiskFacts.builder().number("risk_score", 60).build());
        assertThat(calmer.action()).isEqualTo(RiskRule.Action.REVIEW);
        assertThat(calmer.requestThreeDSecure()).isFalse();
    }

    @Test
    void a_log_only_rule_is_recorded_and_changes_nothing_and_nothing_holding_allows() {
        List<RiskRule> rules = List.of(
                RiskRule.of("try-block", RiskRule.Action.BLOCK, ":amount: < 200", true),
                RiskRule.of("review-big", RiskRule.Action.REVIEW, ":amount: > 100000", false));
        RiskRules.Decision decision = RiskRules.decide(rules, CARD_TESTING);
        assertThat(decision.action()).isEqualTo(RiskRule.Action.ALLOW);
        assertThat(decision.rule()).isEqualTo(Optional.empty());
        assertThat(decision.loggedOnly()).containsExactly("try-block");
    }

    @Test
    void facts_must_have_their_attributes_type() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RiskFacts.builder().string("amount", "12"))
                .hasMessageContaining("amount is a NUMBER");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RiskFacts.builder().number("shoe_size", 12))
                .hasMessageContaining("no risk attribute shoe_size");
    }

    @Test
    void every_velocity_counter_is_a_number_attribute_rules_can_name_and_fits_the_retention() {
        assertThat(Velocity.COUNTERS).allSatisfy(counter -> {
            assertThat(RiskAttributes.named(counter.attribute())).as(counter.attribute()).get()
                    .extracting(RiskAttributes.Attribute::type).isEqualTo(RiskAttributes.Type.NUMBER);
            assertThat(counter.window()).isLessThan(Velocity.RETENTION);
            assertThat(counter.other() == null).isEqualTo(counter.measure() != Velocity.Measure.DISTINCT);
        });
    }
}
