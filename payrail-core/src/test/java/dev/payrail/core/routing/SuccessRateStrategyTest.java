package dev.payrail.core.routing;

import dev.payrail.core.money.CurrencyCode;
import dev.payrail.core.money.Money;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SuccessRateStrategyTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Segment VISA_DE = Segment.of("visa", "DE", new Money(2500, CurrencyCode.of("eur")), "credit");
    private static final List<String> PROVIDERS = List.of("simulator", "stripe", "adyen");

    record Step(int provider, boolean approved, int seconds) {
    }

    @Provide
    Arbitrary<List<Step>> outcomes() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 30)).as(Step::new).list().ofMaxSize(300);
    }

    @Provide
    Arbitrary<List<String>> allowed() {
        return Arbitraries.of(PROVIDERS).set().ofMinSize(1).ofMaxSize(3).map(ArrayList::new);
    }

    /** Whatever it learnt, it chooses among the providers the rules allowed, each once, and only them. */
    @Property(tries = 300)
    void itNeverRoutesOutsideWhatTheRulesAllow(@ForAll("outcomes") List<Step> steps, @ForAll("allowed") List<String> allowed,
                                               @ForAll long seed) {
        SuccessRateStrategy strategy = new SuccessRateStrategy(SuccessRateSettings.defaults(),
                new SuccessRateWindow(SuccessRateSettings.defaults().window()));
        SplittableRandom random = new SplittableRandom(seed);
        Instant now = T0;
        for (Step step : steps) {
            now = now.plusSeconds(step.seconds());
            strategy.learn(VISA_DE, PROVIDERS.get(step.provider()), step.approved() ? SuccessRateWindow.Outcome.APPROVED
                    : SuccessRateWindow.Outcome.FAILED, now);
            SuccessRateStrategy.Decision decision = strategy.choose(VISA_DE, allowed, Map.of(), now, random);
            assertThat(decision.order()).containsExactlyInAnyOrderElementsOf(allowed);
            assertThat(decision.scores()).extracting(SuccessRateStrategy.Score::provider).containsExactlyElementsOf(allowed);
        }
    }

    /** The same outcomes, clock and seed give the same choices, decision for decision. */
    @Property(tries = 100)
    void itsChoicesAreDeterministicForASeed(@ForAll("outcomes") List<Step> steps, @ForAll long seed) {
        assertThat(run(steps, seed)).isEqualTo(run(steps, seed));
    }

    private static List<List<String>> run(List<Step> steps, long seed) {
        SuccessRateStrategy strategy = new SuccessRateStrategy(SuccessRateSettings.defaults(),
                new SuccessRateWindow(SuccessRateSettings.defaults().window()));
        SplittableRandom random = new SplittableRandom(seed);
        List<List<String>> choices = new ArrayList<>();
        Instant now = T0;
        for (Step step : steps) {
            now = now.plusSeconds(step.seconds());
            strategy.learn(VISA_DE, PROVIDERS.get(step.provider()), step.approved() ? SuccessRateWindow.Outcome.APPROVED
                    : SuccessRateWindow.Outcome.FAILED, now);
            choices.add(strategy.choose(VISA_DE, PROVIDERS, Map.of(), now, random).order());
        }
        return choices;
    }

    @Test
    void itPrefersTheProviderThatApprovesMoreAndForgetsOutsideTheWindow() {
        SuccessRateSettings settings = new SuccessRateSettings(Duration.ofMinutes(2), 10, 0.0, 0.5, 0.0, 0.85, 5);
        SuccessRateStrategy strategy = new SuccessRateStrategy(settings, new SuccessRateWindow(settings.window()));
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 40; i++) {
            strategy.learn(VISA_DE, "stripe", i % 10 == 0 ? SuccessRateWindow.Outcome.FAILED : SuccessRateWindow.Outcome.APPROVED, T0);
            strategy.learn(VISA_DE, "adyen", i % 4 == 0 ? SuccessRateWindow.Outcome.FAILED : SuccessRateWindow.Outcome.APPROVED, T0);
        }
        SuccessRateStrategy.Decision decision = strategy.choose(VISA_DE, List.of("adyen", "stripe"), Map.of(), T0, random);
        assertThat(decision.order()).containsExactly("stripe", "adyen");
        assertThat(decision.reason()).isEqualTo(SuccessRateStrategy.Reason.BEST_SCORE);
        assertThat(decision.scores().get(1).level()).isEqualTo(VISA_DE.key());
        // 36 of 40 approved at every level (all of it this segment's), drawn a little toward the 0.85 prior at the top
        double all = (36 + 0.85 * 5) / 45.0;
        double expected = all;
        for (int level = 0; level < 3; level++) {
            expected = (36 + expected * 10) / 50.0;
        }
        assertThat(decision.scores().get(1).rate()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9)).isBetween(0.89, 0.9);

        // a hard decline is the card's, not the provider's: it does not count
        strategy.learn(VISA_DE, "stripe", SuccessRateWindow.Outcome.NOT_COUNTED, T0);
        assertThat(strategy.score(VISA_DE, "stripe", 0, T0).attempts()).isEqualTo(40);
        // three minutes on, every outcome has left the two-minute window: both are back to the prior, in the rules' order
        SuccessRateStrategy.Decision later = strategy.choose(VISA_DE, List.of("adyen", "stripe"), Map.of(), T0.plusSeconds(180), random);
        assertThat(later.scores()).allSatisfy(s -> assertThat(s.attempts()).isZero());
        assertThat(later.order()).containsExactly("adyen", "stripe");
    }

    @Test
    void aRareSegmentRoutesByItsNeighboursAndTheFeeWeighsAsConfigured() {
        SuccessRateSettings settings = new SuccessRateSettings(Duration.ofMinutes(2), 10, 0.0, 0.5, 1.0, 0.85, 5);
        SuccessRateStrategy strategy = new SuccessRateStrategy(settings, new SuccessRateWindow(settings.window()));
        Segment other = Segment.of("visa", "DE", new Money(250_000, CurrencyCode.of("eur")), "debit");
        for (int i = 0; i < 20; i++) {
            strategy.learn(other, "stripe", SuccessRateWindow.Outcome.APPROVED, T0);
            strategy.learn(other, "adyen", i < 19 ? SuccessRateWindow.Outcome.APPROVED : SuccessRateWindow.Outcome.FAILED, T0);
        }
        // nothing of VISA_DE's own segment: both scored by their neighbours' (same brand and country) outcomes
        SuccessRateStrategy.Decision byRate = strategy.choose(VISA_DE, List.of("adyen", "stripe"), Map.of(), T0, new SplittableRandom(2));
        assertThat(byRate.scores()).allSatisfy(s -> assertThat(s.attempts()).isZero());
        assertThat(byRate.scores().get(1).rate()).isGreaterThan(0.99);
        assertThat(byRate.scores().get(0).rate()).isBetween(0.94, 0.95);
        assertThat(byRate.chosen()).isEqualTo("stripe");
        // with a cost weight of 1: stripe 0.997 - 0.03 beats adyen 0.948 - 0.01; at an 8% fee it no longer does
        SuccessRateStrategy.Decision byCost = strategy.choose(VISA_DE, List.of("adyen", "stripe"),
                Map.of("stripe", 0.03, "adyen", 0.01), T0, new SplittableRandom(2));
        assertThat(byCost.chosen()).isEqualTo("stripe");
        SuccessRateStrategy.Decision dearer = strategy.choose(VISA_DE, List.of("adyen", "stripe"),
                Map.of("stripe", 0.08, "adyen", 0.01), T0, new SplittableRandom(2));
        assertThat(dearer.chosen()).isEqualTo("adyen");
    }

    @Test
    void aCollapsedProviderIsEliminatedYetExploredAndExplorationTakesItsShare() {
        SuccessRateSettings settings = new SuccessRateSettings(Duration.ofMinutes(2), 10, 0.1, 0.5, 0.0, 0.85, 5);
        SuccessRateStrategy strategy = new SuccessRateStrategy(settings, new SuccessRateWindow(settings.window()));
        for (int i = 0; i < 30; i++) {
            strategy.learn(VISA_DE, "stripe", SuccessRateWindow.Outcome.FAILED, T0);
            strategy.learn(VISA_DE, "adyen", i % 3 == 0 ? SuccessRateWindow.Outcome.FAILED : SuccessRateWindow.Outcome.APPROVED, T0);
        }
        SplittableRandom random = new SplittableRandom(3);
        int explored = 0;
        int toStripe = 0;
        for (int i = 0; i < 10_000; i++) {
            SuccessRateStrategy.Decision d = strategy.choose(VISA_DE, List.of("stripe", "adyen"), Map.of(), T0, random);
            assertThat(d.scores().get(0).eliminated()).isTrue();
            explored += d.reason() == SuccessRateStrategy.Reason.EXPLORATION ? 1 : 0;
            toStripe += d.chosen().equals("stripe") ? 1 : 0;
        }
        assertThat(explored).isBetween(900, 1100);
        assertThat(toStripe).isEqualTo(explored);
    }
}
