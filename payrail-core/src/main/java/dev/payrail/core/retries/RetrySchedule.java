package dev.payrail.core.retries;

import java.time.Duration;
import java.util.List;

/**
 * When a merchant-initiated payment that a soft decline stopped is tried again: {@code maxAttempts} attempts in all
 * (the first included), each retry {@code delays[k]} after the k-th declined attempt (the last delay repeats), none
 * later than {@code within} after the first decline. A retry more than twelve hours away moves to the hour at which its
 * segment approves best that day, when that hour is known ({@link ApprovalHours}).
 */
public record RetrySchedule(int maxAttempts, Duration within, List<Duration> delays) {
    /**
     * Eight attempts within fourteen days: a day, a day, two days, two, two, two, three after each decline (thirteen
     * days, so that moving the first retry to the best hour still leaves the last within the fourteen).
     */
    public static final RetrySchedule DEFAULT = new RetrySchedule(8, Duration.ofDays(14), List.of(Duration.ofDays(1),
            Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(2), Duration.ofDays(2), Duration.ofDays(2),
            Duration.ofDays(3)));

    /** Up to this a retry is not moved to the segment's best hour: a delay of seconds is a test's, not a day's. */
    static final Duration ALIGNED_FROM = Duration.ofHours(12);

    public RetrySchedule {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (delays.isEmpty() || delays.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("delays must be positive, at least one");
        }
        if (within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("within must be positive");
        }
        delays = List.copyOf(delays);
    }

    /** The wait after the {@code attempt}-th declined attempt (1: the first). */
    Duration delayAfter(int attempt) {
        return delays.get(Math.min(attempt, delays.size()) - 1);
    }
}
