package dev.payrail.core.routing;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Recent authorization outcomes per segment level and provider, in a sliding window of ten buckets: an outcome counts
 * until its bucket is older than the window. Approvals are successes; soft declines and errors are failures; hard
 * declines are the card's (stolen, closed, over its velocity limit: the same on every provider) and are not counted.
 * The clock is passed in, so the same outcomes give the same rates.
 */
public final class SuccessRateWindow {
    public enum Outcome {
        APPROVED, FAILED, NOT_COUNTED;

        /**
         * What a provider's answer to an authorization says of the provider: an approval; a failure (a decline about
         * the provider or the issuer's moment, a request it did not take, an answer that never came); or nothing yet
         * or nothing of its own (a challenge or a pending bank, whose end comes later; a decline about the card or its
         * holder, which every provider would give).
         */
        public static Outcome of(dev.payrail.core.providers.ProviderResult result) {
            if (result instanceof dev.payrail.core.providers.ProviderResult.Succeeded) {
                return APPROVED;
            }
            if (result instanceof dev.payrail.core.providers.ProviderResult.Declined declined) {
                return dev.payrail.core.providers.DeclineCodes.countsAgainstProvider(declined.code()) ? FAILED : NOT_COUNTED;
            }
            if (result instanceof dev.payrail.core.providers.ProviderResult.NotReceived
                    || result instanceof dev.payrail.core.providers.ProviderResult.OutcomeUnknown) {
                return FAILED;
            }
            return NOT_COUNTED;
        }
    }

    /** What one provider showed at one level: attempts and approvals in the window. */
    public record Counts(long attempts, long approvals) {
        public double rate(double priorRate, int priorWeight) {
            return (approvals + priorRate * priorWeight) / (attempts + (double) priorWeight);
        }
    }

    private record Key(String level, String provider) {
    }

    /** One level's counts at one provider, as an operator reads the window. */
    public record LevelCounts(String level, String provider, long attempts, long approvals) {
    }

    private static final class Bucket {
        final long start;
        long attempts;
        long approvals;

        Bucket(long start) {
            this.start = start;
        }
    }

    private final long bucketMillis;
    private final long windowMillis;
    private final Map<Key, Deque<Bucket>> buckets = new HashMap<>();

    public SuccessRateWindow(java.time.Duration window) {
        this.windowMillis = window.toMillis();
        this.bucketMillis = Math.max(1, windowMillis / 10);
    }

    public synchronized void record(Segment segment, String provider, Outcome outcome, Instant at) {
        if (outcome == Outcome.NOT_COUNTED) {
            return;
        }
        long start = at.toEpochMilli() / bucketMillis * bucketMillis;
        for (String level : segment.levels()) {
            Deque<Bucket> deque = buckets.computeIfAbsent(new Key(level, provider), k -> new ArrayDeque<>());
            Bucket last = deque.peekLast();
            if (last == null || last.start < start) {
                last = new Bucket(start);
                deque.addLast(last);
            }
            last.attempts++;
            if (outcome == Outcome.APPROVED) {
                last.approvals++;
            }
            expire(deque, at);
        }
    }

    public synchronized Counts counts(String level, String provider, Instant now) {
        Deque<Bucket> deque = buckets.get(new Key(level, provider));
        if (deque == null) {
            return new Counts(0, 0);
        }
        expire(deque, now);
        long attempts = 0;
        long approvals = 0;
        for (Bucket b : deque) {
            attempts += b.attempts;
            approvals += b.approvals;
        }
        return new Counts(attempts, approvals);
    }

    /** Every level and provider with outcomes in the window now, by level then provider. */
    public synchronized java.util.List<LevelCounts> snapshot(Instant now) {
        java.util.List<LevelCounts> all = new java.util.ArrayList<>();
        for (Map.Entry<Key, Deque<Bucket>> entry : buckets.entrySet()) {
            expire(entry.getValue(), now);
            long attempts = 0;
            long approvals = 0;
            for (Bucket b : entry.getValue()) {
                attempts += b.attempts;
                approvals += b.approvals;
            }
            if (attempts > 0) {
                all.add(new LevelCounts(entry.getKey().level(), entry.getKey().provider(), attempts, approvals));
            }
        }
        all.sort(java.util.Comparator.comparing(LevelCounts::level).thenComparing(LevelCounts::provider));
        return all;
    }

    private void expire(Deque<Bucket> deque, Instant now) {
        long oldest = now.toEpochMilli() - windowMillis;
        while (!deque.isEmpty() && deque.peekFirst().start + bucketMillis <= oldest) {
            deque.removeFirst();
        }
    }
}
