package dev.payrail.core.risk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped rules refuse a card tester's numbers and let an ordinary customer's through. */
class DefaultRiskRulesTest {
    private static RiskFacts facts(long cardsFromIp, long ipDeclines, long cardDeclines, long ipsOfCard, String level) {
        return RiskFacts.builder().number("ip_distinct_cards_1h", cardsFromIp).number("ip_declines_1h", ipDeclines)
                .number("card_declines_24h", cardDeclines).number("card_distinct_ips_24h", ipsOfCard).string("risk_level", level)
                .bool("is_off_session", false).build();
    }

    @Test
    void a_card_tester_is_blocked_and_a_customer_is_not() {
        // a tester's address tried its tenth card this hour, most of the nine before declined
        RiskRules.Decision tester = RiskRules.decide(DefaultRiskRules.RULES, facts(10, 8, 1, 1, "elevated"));
        assertThat(tester.blocked()).isTrue();
        assertThat(tester.rule()).contains("default:block-ip-many-cards");
        // a stolen card declined five times today, wherever it came from
        assertThat(RiskRules.decide(DefaultRiskRules.RULES, facts(1, 5, 5, 1, "normal")).rule())
                .contains("default:block-card-declined-repeatedly");
        // a household sharing an address, a card that was declined twice, a traveller on three networks: allowed
        RiskRules.Decision customer = RiskRules.decide(DefaultRiskRules.RULES, facts(3, 2, 2, 3, "normal"));
        assertThat(customer.action()).isEqualTo(RiskRule.Action.ALLOW);
        // a carrier's NAT: forty customers' cards behind one address this hour, two of them declined: allowed
        assertThat(RiskRules.decide(DefaultRiskRules.RULES, facts(40, 2, 0, 1, "normal")).action()).isEqualTo(RiskRule.Action.ALLOW);
        assertThat(customer.requestThreeDSecure()).isFalse();
        // the highest risk is asked to authenticate, not refused
        RiskRules.Decision risky = RiskRules.decide(DefaultRiskRules.RULES, facts(1, 0, 0, 1, "highest"));
        assertThat(risky.action()).isEqualTo(RiskRule.Action.ALLOW);
        assertThat(risky.threeDSecureRule()).contains("default:3ds-highest-risk");
    }

    @Test
    void a_merchants_renewals_of_a_saved_card_are_not_blocked_for_its_declines() {
        RiskFacts renewal = RiskFacts.builder().number("card_declines_24h", 7).bool("is_off_session", true).build();
        assertThat(RiskRules.decide(DefaultRiskRules.RULES, renewal).action()).isEqualTo(RiskRule.Action.ALLOW);
    }

    @Test
    void a_payment_without_an_address_or_history_is_not_blocked_for_what_is_missing() {
        RiskRules.Decision nothingKnown = RiskRules.decide(DefaultRiskRules.RULES, RiskFacts.builder().number("amount", 500).build());
        assertThat(nothingKnown.action()).isEqualTo(RiskRule.Action.ALLOW);
        assertThat(nothingKnown.rule()).isEmpty();
    }
}
