package dev.payrail.core.retries;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Authorization outcomes by hour of the day (UTC) per segment key (brand and issuing country), to retry when the
 * segment approves best: salaries land, issuers' batch windows close. Each hour's rate is drawn toward the key's
 * overall rate by {@code minSamples} outcomes' weight, so that a quiet hour's luck does not pick it; no hour is named
 * before the key has {@code 24 * minSamples} outcomes. Not thread-safe: the caller serializes.
 */
public final class ApprovalHours {
    private final int minSamples;
    private final Map<String, long[]> attempts = new HashMap<>();
    private final Map<String, long[]> approvals = new HashMap<>();

    public ApprovalHours(int minSamples) {
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be at least 1");
        }
        this.minSamples = minSamples;
    }

    public void learn(String key, int hourOfDay, boolean approved) {
        attempts.computeIfAbsent(key, k -> new long[24])[hourOfDay]++;
        if (approved) {
            approvals.computeIfAbsent(key, k -> new long[24])[hourOfDay]++;
        }
    }

    /** The hour (0 to 23, UTC) at which {@code key}'s payments are approved most, once enough outcomes say so. */
    public Optional<Integer> bestHour(String key) {
        long[] tried = attempts.get(key);
        if (tried == null) {
            return Optional.empty();
        }
        long[] approved = approvals.getOrDefault(key, new long[24]);
        long allTried = 0;
        long allApproved = 0;
        for (int h = 0; h < 24; h++) {
            allTried += tried[h];
            allApproved += approved[h];
        }
        if (allTried < 24L * minSamples) {
            return Optional.empty();
        }
        double overall = (double) allApproved / allTried;
        int best = -1;
        double bestRate = -1;
        for (int h = 0; h < 24; h++) {
            double rate = (approved[h] + overall * minSamples) / (tried[h] + minSamples);
            if (rate > bestRate) {
                bestRate = rate;
                best = h;
            }
        }
        return Optional.of(best);
    }
}
