package dev.payrail.core.risk;

import dev.payrail.core.money.Money;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The score is bounded, explained, grows with every signal, and takes two strong signals to reach the highest level. */
class RiskScoreTest {
    private static final List<String> COUNTERS = List.of("card_declines_24h", "ip_distinct_cards_1h", "card_distinct_ips_24h",
            "card_attempts_1h", "bin_declines_1h", "customer_refunds_30d");

    private static RiskFacts counts(long declines, long cardsFromIp, long ipsOfCard, long attempts, long binDeclines, long refunds) {
        return RiskFacts.builder().number("card_declines_24h", declines).number("ip_distinct_cards_1h", cardsFromIp)
                .number("card_distinct_ips_24h", ipsOfCard).number("card_attempts_1h", attempts)
                .number("bin_declines_1h", binDeclines).number("customer_refunds_30d", refunds).build();
    }

    @Property
    void bounded_explained_and_monotone(@ForAll @LongRange(max = 50) long declines, @ForAll @LongRange(max = 50) long cards,
                                        @ForAll @LongRange(max = 50) long ips, @ForAll @LongRange(max = 50) long attempts,
                                        @ForAll @LongRange(max = 50) long binDeclines, @ForAll @LongRange(max = 50) long refunds) {
        RiskScore.Score score = RiskScore.of(counts(declines, cards, ips, attempts, binDeclines, refunds));
        assertThat(score.score()).isBetween(RiskScore.BASE, 100);
        int explained = RiskScore.BASE + score.reasons().stream()
                .mapToInt(r -> Integer.parseInt(r.substring(r.indexOf(":+") + 2))).sum();
        assertThat(score.score()).isEqualTo(Math.min(100, explained));
        // one more of any counted signal never lowers the score
        long[] values = {declines, cards, ips, attempts, binDeclines, refunds};
        for (int i = 0; i < values.length; i++) {
            long[] more = values.clone();
            more[i]++;
            assertThat(RiskScore.of(counts(more[0], more[1], more[2], more[3], more[4], more[5])).score())
                    .as(COUNTERS.get(i)).isGreaterThanOrEqualTo(score.score());
        }
        assertThat(score.level()).isEqualTo(score.score() >= 75 ? RiskScore.Level.HIGHEST
                : score.score() >= 65 ? RiskScore.Level.ELEVATED : RiskScore.Level.NORMAL);
    }

    @Property
    void no_one_signal_alone_reaches_the_highest_level(@ForAll @LongRange(max = 1000) long value) {
        for (String counter : COUNTERS) {
            RiskFacts one = RiskFacts.builder().number(counter, value).build();
            assertThat(RiskScore.of(one).level()).as(counter).isNotEqualTo(RiskScore.Level.HIGHEST);
        }
    }

    @Test
    void a_card_tester_scores_highest_and_a_customer_normal() {
        RiskScore.Score tester = RiskScore.of(counts(3, 9, 1, 2, 0, 0));
        assertThat(tester.level()).isEqualTo(RiskScore.Level.HIGHEST);
        assertThat(tester.reasons()).containsExactly("card_declines_24h:+36", "ip_distinct_cards_1h:+40");
        RiskScore.Score customer = RiskScore.of(counts(0, 1, 1, 1, 0, 0));
        assertThat(customer.score()).isEqualTo(RiskScore.BASE);
        assertThat(customer.level()).isEqualTo(RiskScore.Level.NORMAL);
        assertThat(customer.reasons()).isEmpty();
    }

    @Test
    void a_country_mismatch_counts_only_when_both_countries_are_known() {
        RiskSignals abroad = new RiskSignals(Money.of(5000, "EUR"), "visa", "us", "424242", "fp", "198.51.100.7", "DE",
                null, "de", null, false, true, 4000L, 0L, 0L);
        RiskScore.Score score = RiskScore.of(abroad.facts(Map.of()));
        assertThat(score.reasons()).containsExactly("card_country_not_billing_country:+10", "card_country_not_ip_country:+10");
        RiskSignals unknown = new RiskSignals(Money.of(5000, "EUR"), "visa", "US", "424242", "fp", null, null, null, null,
                null, false, null, null, null, null);
        assertThat(RiskScore.of(unknown.facts(Map.of())).reasons()).isEmpty();
    }

    @Test
    void a_large_first_use_of_a_card_adds_points_for_the_amount_and_the_novelty() {
        RiskSignals large = new RiskSignals(Money.of(120_000, "USD"), "visa", "US", "424242", "fp", null, null, null, null,
                null, false, true, 10_000L, null, null);
        RiskFacts facts = large.facts(Map.of());
        assertThat(facts.value("amount_to_usual")).contains(new BigDecimal("12.00"));
        assertThat(RiskScore.of(facts).reasons()).containsExactly("amount_far_above_usual:+20", "first_use_of_card_large_amount:+10");
        RiskFacts scored = RiskScore.scored(facts, RiskScore.of(facts));
        assertThat(scored.value("risk_score")).contains(BigDecimal.valueOf(35));
        assertThat(scored.value("risk_level")).contains("normal");
    }
}
