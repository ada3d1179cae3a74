package dev.payrail.core.routing;

import dev.payrail.core.money.CurrencyCode;
import dev.payrail.core.money.Money;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two processes behind a load balancer each learn from the half of the traffic they send (each process's own window,
 * as the server does today): their views of the same providers converge on the rates one process seeing everything
 * would have, and they choose the same provider for the same payment.
 */
class SharedTrafficTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final List<String> PROVIDERS = List.of("simulator", "stripe", "adyen");
    private static final Map<String, Double> TRUE_RATES = Map.of("simulator", 0.80, "stripe", 0.92, "adyen", 0.86);

    @Test
    void twoProcessesLearningHalfTheTrafficEachChooseAsOneSeeingAllOfIt() {
        SuccessRateSettings settings = new SuccessRateSettings(Duration.ofMinutes(1), 10, 0.0, 0.5, 0.0, 0.85, 5);
        SuccessRateStrategy whole = new SuccessRateStrategy(settings, new SuccessRateWindow(settings.window()));
        SuccessRateStrategy first = new SuccessRateStrategy(settings, new SuccessRateWindow(settings.window()));
        SuccessRateStrategy second = new SuccessRateStrategy(settings, new SuccessRateWindow(settings.window()));
        Segment segment = Segment.of("visa", "US", new Money(4_000, CurrencyCode.of("usd")), "credit");
        SplittableRandom luck = new SplittableRandom(20);
        int agree = 0;
        int decisions = 0;
        for (int i = 0; i < 12_000; i++) {
            Instant now = T0.plusMillis(i * 50L);         // 20 payments a second
            // every provider is tried on a share of the traffic (as exploration does), so every view has outcomes of each
            String provider = PROVIDERS.get(i % 3);
            boolean approved = luck.nextDouble() < TRUE_RATES.get(provider);
            SuccessRateWindow.Outcome outcome = approved ? SuccessRateWindow.Outcome.APPROVED : SuccessRateWindow.Outcome.FAILED;
            whole.learn(segment, provider, outcome, now);
            (i % 2 == 0 ? first : second).learn(segment, provider, outcome, now);
            if (i > 2_000 && i % 100 == 0) {
                decisions++;
                String all = whole.choose(segment, PROVIDERS, Map.of(), now, new SplittableRandom(i)).chosen();
                String one = first.choose(segment, PROVIDERS, Map.of(), now, new SplittableRandom(i)).chosen();
                String two = second.choose(segment, PROVIDERS, Map.of(), now, new SplittableRandom(i)).chosen();
                agree += all.equals(one) && all.equals(two) ? 1 : 0;
                for (String p : PROVIDERS) {
                    assertThat(first.overallRate(p, now)).isCloseTo(whole.overallRate(p, now), org.assertj.core.data.Offset.offset(0.08));
                    assertThat(second.overallRate(p, now)).isCloseTo(whole.overallRate(p, now), org.assertj.core.data.Offset.offset(0.08));
                }
            }
        }
        assertThat(agree).as("decisions where both halves chose as the whole did, of " + decisions).isGreaterThan(decisions * 8 / 10);
    }
}
