package dev.payrail.core.risk;

import java.util.List;

/**
 * The rules a merchant has before it writes any (issue 21: "a default rule set that ships on"): the first line against
 * card testing and stolen cards, tuned to refuse what no good customer does. A merchant's own set replaces them.
 */
public final class DefaultRiskRules {
    /** Numbers a card tester makes and a customer does not: many cards from one address, one card declined over and over. */
    public static final List<RiskRule> RULES = List.of(
            RiskRule.of("default:3ds-highest-risk", RiskRule.Action.REQUEST_THREE_D_SECURE, ":risk_level: = 'highest'", false),
            RiskRule.of("default:block-ip-many-cards", RiskRule.Action.BLOCK, ":ip_distinct_cards_1h: >= 10", false),
            // a merchant's own renewals of a saved card are declined for want of funds, not fraud: smart retries handle them
            RiskRule.of("default:block-card-declined-repeatedly", RiskRule.Action.BLOCK,
                    ":card_declines_24h: >= 5 and :is_off_session: = false", false),
            RiskRule.of("default:block-card-many-ips", RiskRule.Action.BLOCK, ":card_distinct_ips_24h: >= 5", false));

    private DefaultRiskRules() {
    }
}
