package dev.payrail.core.risk;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Payrail's risk score of one attempt, 0 (nothing suspicious) to 100, and its level, from the facts the rules read
 * (never from {@code risk_score} itself): a sum of points per signal, each signal capped, so that no one signal alone
 * reaches the highest level and two strong ones do. The points and caps are published (docs/risk.md) and the reasons
 * are returned with the score: an analyst can read why a payment scored what it did. Levels as Stripe draws them:
 * {@code elevated} from 65, {@code highest} from 75.
 */
public final class RiskScore {
    public enum Level {
        NORMAL, ELEVATED, HIGHEST;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final int ELEVATED_FROM = 65;
    public static final int HIGHEST_FROM = 75;
    static final int BASE = 5;

    /** The score, its level, and each signal that added points, as {@code signal:+points}. */
    public record Score(int score, Level level, List<String> reasons) {
    }

    private RiskScore() {
    }

    public static Score of(RiskFacts facts) {
        List<String> reasons = new ArrayList<>();
        int score = BASE;
        // a card declined again and again: a stolen card being tried, or a tester's
        score += add(reasons, "card_declines_24h", 12 * number(facts, "card_declines_24h"), 36);
        // many cards from one address: the mark of card testing
        score += add(reasons, "ip_distinct_cards_1h", 10 * (number(facts, "ip_distinct_cards_1h") - 2), 40);
        // one card from many addresses: shared among fraudsters
        score += add(reasons, "card_distinct_ips_24h", 10 * (number(facts, "card_distinct_ips_24h") - 2), 30);
        // a card tried in a burst
        score += add(reasons, "card_attempts_1h", 5 * (number(facts, "card_attempts_1h") - 3), 20);
        // the BIN's cards declined in numbers: an enumerated range
        score += add(reasons, "bin_declines_1h", 2 * (number(facts, "bin_declines_1h") - 5), 20);
        score += add(reasons, "card_country_not_billing_country", differs(facts, "card_country", "billing_country") ? 10 : 0, 10);
        score += add(reasons, "card_country_not_ip_country", differs(facts, "card_country", "ip_country") ? 10 : 0, 10);
        long usual = facts.value("amount_to_usual").map(v -> ((BigDecimal) v).longValue()).orElse(0L);
        boolean firstUse = Boolean.TRUE.equals(facts.value("is_first_use_of_card").orElse(false));
        score += add(reasons, "amount_far_above_usual", usual >= 10 ? 20 : usual >= 3 ? 10 : 0, 20);
        score += add(reasons, "first_use_of_card_large_amount", firstUse && usual >= 3 ? 10 : 0, 10);
        // refunds asked again and again: refund abuse, by a customer or with a card
        score += add(reasons, "customer_refunds_30d", 5 * (number(facts, "customer_refunds_30d") - 2), 15);
        score += add(reasons, "card_refunds_30d", 5 * (number(facts, "card_refunds_30d") - 2), 15);
        score = Math.min(100, score);
        Level level = score >= HIGHEST_FROM ? Level.HIGHEST : score >= ELEVATED_FROM ? Level.ELEVATED : Level.NORMAL;
        return new Score(score, level, List.copyOf(reasons));
    }

    /** The facts with the score and level added: what the rules read. */
    public static RiskFacts scored(RiskFacts facts, Score score) {
        return facts.toBuilder().number("risk_score", score.score()).string("risk_level", score.level().wireName()).build();
    }

    private static int add(List<String> reasons, String signal, long points, int cap) {
        int added = (int) Math.max(0, Math.min(points, cap));
        if (added > 0) {
            reasons.add(signal + ":+" + added);
        }
        return added;
    }

    private static long number(RiskFacts facts, String attribute) {
        return facts.value(attribute).map(v -> ((BigDecimal) v).longValue()).orElse(0L);
    }

    /** Both known and different: a missing country is no mismatch. */
    private static boolean differs(RiskFacts facts, String a, String b) {
        Object left = facts.value(a).orElse(null);
        Object right = facts.value(b).orElse(null);
        return left != null && right != null && !left.equals(right);
    }
}
