package dev.payrail.core.reconciliation;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The summary of one reconciliation run, accumulated row by row: rows, matched rows, exceptions by category
 * with the money at stake per currency, and whether the settled net agrees with the report's payout line.
 */
public final class RunSummary {
    private long rows;
    private long matched;
    private final Map<ExceptionCategory, Long> exceptions = new EnumMap<>(ExceptionCategory.class);
    private final Map<ExceptionCategory, Map<String, Long>> atStake = new EnumMap<>(ExceptionCategory.class);
    private final Map<String, Long> netSettled = new TreeMap<>();
    private final Map<String, Long> paidOut = new TreeMap<>();

    public void add(SettlementMatcher.Outcome outcome) {
        rows++;
        SettlementRow row = outcome.row();
        if (outcome.matched()) {
            matched++;
        }
        boolean duplicate = outcome.findings().stream().anyMatch(f -> f.category() == ExceptionCategory.DUPLICATE_IN_REPORT);
        if (row.type() == SettlementType.PAYOUT && !outcome.matched()) {
            // the provider's payout of the report's net; a merchant payout Payrail sent is part of the net
            paidOut.merge(row.currency().code(), row.net(), Long::sum);
        } else if (!duplicate) {
            netSettled.merge(row.currency().code(), row.net(), Long::sum);
        }
        outcome.findings().forEach(this::add);
    }

    public void add(SettlementMatcher.Finding finding) {
        exceptions.merge(finding.category(), 1L, Long::sum);
        atStake.computeIfAbsent(finding.category(), c -> new TreeMap<>())
                .merge(finding.currency().code(), finding.amountAtStake(), Long::sum);
    }

    public long rows() {
        return rows;
    }

    public long matched() {
        return matched;
    }

    /** Matched rows as a share of all rows, in percent with one decimal (0 for an empty report). */
    public double matchedPercent() {
        return rows == 0 ? 0 : Math.round(matched * 1000.0 / rows) / 10.0;
    }

    public Map<ExceptionCategory, Long> exceptions() {
        return exceptions;
    }

    public Map<ExceptionCategory, Map<String, Long>> atStake() {
        return atStake;
    }

    public Map<String, Long> netSettled() {
        return netSettled;
    }

    public Map<String, Long> paidOut() {
        return paidOut;
    }

    /** Whether, in every currency with a payout line, the payout equals the net settled (payouts are negative). */
    public boolean payoutMatchesNet() {
        return paidOut.entrySet().stream().allMatch(e -> netSettled.getOrDefault(e.getKey(), 0L) + e.getValue() == 0);
    }
}
