package dev.payrail.core.risk;

import java.util.List;

/**
 * The rules a merchant has before it writes any (issue 21: "a default rule set that ships on"): the first line against
 * card testing and stolen cards, tuned to refuse what no good customer does. A merchant's own set replaces them.
 */
public final class DefaultRiskRules {
    /**
     * Numbers a card tester makes and a customer does not: many cards from one address, most of them declined; one card
     * declined over and over; one card from many addresses.
     */
    public static final List<RiskRule> RULES = List.of(
            RiskRule.of("default:3ds-highest-risk", RiskRule.Action.REQUEST_THREE_D_SECURE, ":risk_level: = 'highest'", false),
            // Many cards behind one address are also a mobile carrier's or a campus's NAT: what tells a tester from them
            // is that a tester's guessed or stolen numbers are mostly declined (five of ten), a crowd's cards are not
            RiskRule.of("default:block-ip-many-cards", RiskRule.Action.BLOCK,
                    ":ip_distinct_cards_1h: >= 10 and :ip_declines_1h: >= 5", false),
            // a merchant's own renewals of a saved card are declined for want of funds, not fraud: smart retries handle them
            RiskRule.of("default:block-card-declined-repeatedly", RiskRule.Action.BLOCK,
                    ":card_declines_24h: >= 5 and :is_off_session: = false", false),
            RiskRule.of("default:block-card-many-ips", RiskRule.Action.BLOCK, ":card_distinct_ips_24h: >= 5", false));

    private DefaultRiskRules() {
    }
}
