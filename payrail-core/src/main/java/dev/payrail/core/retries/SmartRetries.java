package dev.payrail.core.retries;

import dev.payrail.core.providers.DeclineCodes;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a merchant-initiated payment the issuer just declined is tried again, and when. Only a soft decline that
 * time can change is retried: never a hard decline (the networks' "never retry", and card testing), never one that
 * needs the customer (authentication, a wrong CVC), never past the schedule's attempts or window, never beyond the
 * card's network limits. The same inputs give the same answer: the caller brings the clock and the counts.
 */
public final class SmartRetries {
    /**
     * Declines that a later attempt can turn into an approval: the cardholder's funds or limits, the issuer's moment.
     * Anything else (unknown codes included) stops the schedule: a retry is an attempt the networks count.
     */
    public static final Set<String> RETRYABLE = Set.of("insufficient_funds", "withdrawal_count_limit_exceeded",
            "do_not_honor", "generic_decline", "card_declined", "try_again_later", "issuer_unavailable",
            "issuer_not_available", "processing_error", "reenter_transaction", SmartRetries.PROVIDER_UNAVAILABLE);
    /** Payrail's code for an attempt no provider received: retried like a soft decline, never counted by a network. */
    public static final String PROVIDER_UNAVAILABLE = "provider_unavailable";

    private SmartRetries() {
    }

    /** Why a schedule ends, or that it goes on. */
    public enum Stop {
        HARD_DECLINE, NOT_RETRYABLE, ATTEMPTS_EXHAUSTED, WINDOW_EXHAUSTED, NETWORK_LIMIT;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The answer: a retry at {@code at} (attempt number {@code attempt}), or a stop and its reason. */
    public sealed interface Decision {
        record Retry(Instant at, int attempt) implements Decision {
        }

        record Stopped(Stop reason) implements Decision {
        }
    }

    /**
     * @param declineCode   the issuer's answer to the attempt just declined
     * @param attemptsMade  attempts made so far, the one just declined included (1 after the first)
     * @param firstDeclined when the schedule's first attempt was declined
     * @param now           when the decline arrived
     * @param brand         the card's network, for its limits
     * @param declines      the card's declines at this merchant in the networks' windows (this one included)
     * @param bestHour      the hour (UTC) the card's segment approves best, if known
     */
    public static Decision decide(RetrySchedule schedule, String declineCode, int attemptsMade, Instant firstDeclined,
                                  Instant now, String brand, NetworkRetryLimits.CardDeclines declines,
                                  Optional<Integer> bestHour) {
        if (DeclineCodes.isHard(declineCode)) {
            return new Decision.Stopped(Stop.HARD_DECLINE);
        }
        if (declineCode == null || !RETRYABLE.contains(declineCode)) {
            return new Decision.Stopped(Stop.NOT_RETRYABLE);
        }
        if (attemptsMade >= schedule.maxAttempts()) {
            return new Decision.Stopped(Stop.ATTEMPTS_EXHAUSTED);
        }
        if (!NetworkRetryLimits.allowsAnother(brand, declines)) {
            return new Decision.Stopped(Stop.NETWORK_LIMIT);
        }
        Duration delay = schedule.delayAfter(attemptsMade);
        Instant at = now.plus(delay);
        if (bestHour.isPresent() && delay.compareTo(RetrySchedule.ALIGNED_FROM) > 0) {
            at = nearestAt(at, bestHour.get());
        }
        Instant deadline = firstDeclined.plus(schedule.within());
        if (at.isAfter(deadline)) {
            return new Decision.Stopped(Stop.WINDOW_EXHAUSTED);
        }
        return new Decision.Retry(at, attemptsMade + 1);
    }

    /** The start of {@code hour} (UTC) nearest to {@code at}: at most twelve hours earlier or later. */
    static Instant nearestAt(Instant at, int hour) {
        ZonedDateTime day = at.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).withHour(hour);
        Instant best = day.toInstant();
        for (int shift : new int[]{-1, 1}) {
            Instant other = day.plusDays(shift).toInstant();
            if (Duration.between(other, at).abs().compareTo(Duration.between(best, at).abs()) < 0) {
                best = other;
            }
        }
        return best;
    }
}
