package dev.payrail.core.retries;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SmartRetriesTest {
    private static final Instant T0 = Instant.parse("2026-12-01T09:30:00Z");
    private static final List<String> CODES = List.of("insufficient_funds", "do_not_honor", "try_again_later",
            "issuer_unavailable", "stolen_card", "pickup_card", "invalid_account", "card_velocity_exceeded", "lost_card",
            "expired_card", "authentication_required", "incorrect_cvc", "something_new");

    record Case(String code, int attemptsMade, long sinceFirstMinutes, String brand, int last24, int last30,
                Optional<Integer> bestHour) {
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(Arbitraries.of(CODES), Arbitraries.integers().between(1, 12),
                        Arbitraries.longs().between(0, 20L * 24 * 60), Arbitraries.of("visa", "mastercard", "amex"),
                        Arbitraries.integers().between(0, 40), Arbitraries.integers().between(0, 20),
                        Arbitraries.integers().between(0, 23).optional())
                .as((code, made, since, brand, a, b, hour) -> new Case(code, made, since, brand,
                        Math.max(1, Math.min(a, a + b)), Math.max(1, a + b), hour));
    }

    private static SmartRetries.Decision decide(Case c) {
        Instant now = T0.plus(Duration.ofMinutes(c.sinceFirstMinutes()));
        return SmartRetries.decide(RetrySchedule.DEFAULT, c.code(), c.attemptsMade(), T0, now, c.brand(),
                new NetworkRetryLimits.CardDeclines(c.last24(), c.last30()), c.bestHour());
    }

    @Property
    void aHardDeclineIsNeverRetried(@ForAll("cases") Case c) {
        if (dev.payrail.core.providers.DeclineCodes.isHard(c.code())) {
            assertThat(decide(c)).isEqualTo(new SmartRetries.Decision.Stopped(SmartRetries.Stop.HARD_DECLINE));
        }
    }

    @Property
    void aRetryIsLaterWithinTheWindowTheAttemptsAndTheNetworksLimits(@ForAll("cases") Case c) {
        if (!(decide(c) instanceof SmartRetries.Decision.Retry retry)) {
            return;
        }
        Instant now = T0.plus(Duration.ofMinutes(c.sinceFirstMinutes()));
        assertThat(SmartRetries.RETRYABLE).contains(c.code());
        assertThat(retry.at()).isAfter(now).isBeforeOrEqualTo(T0.plus(Duration.ofDays(14)));
        assertThat(retry.attempt()).isEqualTo(c.attemptsMade() + 1).isLessThanOrEqualTo(8);
        if (c.brand().equals("mastercard")) {
            assertThat(c.last24()).isLessThan(10);
            assertThat(c.last30()).isLessThan(35);
        } else {
            assertThat(c.last30() - 1).as("Visa's reattempts so far").isLessThan(15);
        }
        c.bestHour().ifPresent(hour -> assertThat(retry.at().atZone(ZoneOffset.UTC).getHour()).isEqualTo(hour));
    }

    @Test
    void aCardThatKeepsDecliningIsTriedEightTimesWithinFourteenDaysAtItsBestHour() {
        List<Instant> attempts = new ArrayList<>(List.of(T0));
        SmartRetries.Decision decision;
        int declines = 1;
        while ((decision = SmartRetries.decide(RetrySchedule.DEFAULT, "insufficient_funds", attempts.size(), T0,
                attempts.get(attempts.size() - 1), "visa", new NetworkRetryLimits.CardDeclines(1, declines),
                Optional.of(14))) instanceof SmartRetries.Decision.Retry retry) {
            attempts.add(retry.at());
            declines++;
        }
        assertThat(decision).isEqualTo(new SmartRetries.Decision.Stopped(SmartRetries.Stop.ATTEMPTS_EXHAUSTED));
        assertThat(attempts).hasSize(8);
        assertThat(attempts.get(7)).isBefore(T0.plus(Duration.ofDays(14)));
        assertThat(attempts.subList(1, 8)).allSatisfy(at -> assertThat(at.atZone(ZoneOffset.UTC).getHour()).isEqualTo(14));
        // first retry: a day later, moved from 09:30 to the nearest 14:00
        assertThat(attempts.get(1)).isEqualTo(Instant.parse("2026-12-02T14:00:00Z"));
    }

    @Test
    void theNetworksLimitsStopASchedulePermittingMore() {
        RetrySchedule many = new RetrySchedule(100, Duration.ofDays(30), List.of(Duration.ofMinutes(10)));
        assertThat(SmartRetries.decide(many, "do_not_honor", 16, T0, T0.plusSeconds(3600), "visa",
                new NetworkRetryLimits.CardDeclines(16, 16), Optional.empty()))
                .isEqualTo(new SmartRetries.Decision.Stopped(SmartRetries.Stop.NETWORK_LIMIT));
        assertThat(SmartRetries.decide(many, "do_not_honor", 15, T0, T0.plusSeconds(3600), "visa",
                new NetworkRetryLimits.CardDeclines(15, 15), Optional.empty()))
                .isInstanceOf(SmartRetries.Decision.Retry.class);
        assertThat(SmartRetries.decide(many, "do_not_honor", 10, T0, T0.plusSeconds(3600), "mastercard",
                new NetworkRetryLimits.CardDeclines(10, 10), Optional.empty()))
                .isEqualTo(new SmartRetries.Decision.Stopped(SmartRetries.Stop.NETWORK_LIMIT));
        assertThat(SmartRetries.decide(many, "do_not_honor", 9, T0, T0.plusSeconds(3600), "mastercard",
                new NetworkRetryLimits.CardDeclines(9, 30), Optional.empty()))
                .isInstanceOf(SmartRetries.Decision.Retry.class);
    }

    @Test
    void aDeclineThatNeedsTheCustomerOrANewCodeStopsTheSchedule() {
        for (String code : List.of("authentication_required", "incorrect_cvc", "something_new")) {
            assertThat(SmartRetries.decide(RetrySchedule.DEFAULT, code, 1, T0, T0, "visa",
                    new NetworkRetryLimits.CardDeclines(1, 1), Optional.empty()))
                    .isEqualTo(new SmartRetries.Decision.Stopped(SmartRetries.Stop.NOT_RETRYABLE));
        }
    }

    @Test
    void theBestHourIsTheOneApprovingMostOnceThereAreEnoughOutcomes() {
        ApprovalHours hours = new ApprovalHours(5);
        java.util.SplittableRandom luck = new java.util.SplittableRandom(7);
        for (int i = 0; i < 24 * 4; i++) {
            hours.learn("visa:US", i % 24, luck.nextDouble() < 0.8);
        }
        assertThat(hours.bestHour("visa:US")).as("fewer than 24 x 5 outcomes").isEmpty();
        for (int i = 0; i < 24 * 200; i++) {
            int hour = i % 24;
            hours.learn("visa:US", hour, luck.nextDouble() < (hour == 6 ? 0.95 : 0.8));
        }
        assertThat(hours.bestHour("visa:US")).contains(6);
        assertThat(hours.bestHour("visa:GB")).isEmpty();
    }
}
