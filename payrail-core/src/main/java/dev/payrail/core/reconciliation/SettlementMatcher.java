package dev.payrail.core.reconciliation;

import dev.payrail.core.ledger.FeeSchedule;
import dev.payrail.core.money.CurrencyCode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Matches settlement rows to Payrail's records, one row at a time: by the provider's reference first, then
 * by the merchant reference Payrail sent, then (weaker, and said so) by amount and currency within a date
 * window. A matched row is then checked: currency, amount, the provider's fee against its schedule, whether
 * Payrail expected a settlement at all, and how late it came. Memory grows only with the set of keys seen
 * (for duplicates), one 64-bit hash per row.
 */
public final class SettlementMatcher {

    /** How strongly a row was tied to a record. */
    public enum Strength { PROVIDER_REFERENCE, MERCHANT_REFERENCE, AMOUNT_AND_DATE }

    /** Where the matcher looks Payrail's records up (the database in the server, a map in tests). */
    public interface Records {
        Optional<RecordedItem> byProviderReference(SettlementType type, String reference);

        Optional<RecordedItem> byMerchantReference(SettlementType type, String reference);

        /** A record of {@code type} for exactly {@code amount} in {@code currency}, recorded within {@code window} of {@code around}, not matched yet. */
        Optional<RecordedItem> byAmount(SettlementType type, CurrencyCode currency, long amount, Instant around, Duration window);
    }

    /** One exception found, with the money at stake. */
    public record Finding(ExceptionCategory category, CurrencyCode currency, long amountAtStake, String detail) {
    }

    /** What became of one row. */
    public record Outcome(SettlementRow row, RecordedItem item, Strength strength, List<Finding> findings) {
        public boolean matched() {
            return item != null;
        }
    }

    private final Records records;
    private final FeeSchedule providerFees;
    private final Duration lateAfter;
    private final Duration amountWindow;
    private final Set<Long> seen = new HashSet<>();

    /**
     * {@code providerFees} is the provider's contracted fee on a capture; {@code lateAfter} how long after
     * Payrail recorded it a settlement may come; {@code amountWindow} how far apart the weak match may be.
     */
    public SettlementMatcher(Records records, FeeSchedule providerFees, Duration lateAfter, Duration amountWindow) {
        this.records = records;
        this.providerFees = providerFees;
        this.lateAfter = lateAfter;
        this.amountWindow = amountWindow;
    }

    public Outcome match(SettlementRow row) {
        long stake = Math.abs(row.gross());
        if (!seen.add(key(row))) {
            return new Outcome(row, null, null, List.of(new Finding(ExceptionCategory.DUPLICATE_IN_REPORT, row.currency(), stake,
                    "row " + row.rowId() + " appears again")));
        }
        if (row.type() == SettlementType.PAYOUT) {
            // a payout Payrail sent to a merchant through this provider, or else the provider's payout of the
            // report's net to the platform, which enters the summary only
            Optional<RecordedItem> payout = lookup(row.type(), row.providerReference(), true);
            return payout.map(item -> new Outcome(row, item, Strength.PROVIDER_REFERENCE, check(row, item)))
                    .orElseGet(() -> new Outcome(row, null, null, List.of()));
        }
        if (row.type() == SettlementType.OTHER) {
            return new Outcome(row, null, null, List.of()); // settles nothing Payrail records
        }
        Strength strength = Strength.PROVIDER_REFERENCE;
        Optional<RecordedItem> item = lookup(row.type(), row.providerReference(), true);
        if (item.isEmpty() && row.merchantReference() != null) {
            strength = Strength.MERCHANT_REFERENCE;
            item = lookup(row.type(), row.merchantReference(), false);
        }
        if (item.isEmpty() && row.type() != SettlementType.FEE) {
            strength = Strength.AMOUNT_AND_DATE;
            item = records.byAmount(row.type(), row.currency(), stake, row.bookedAt(), amountWindow);
        }
        if (item.isEmpty()) {
            ExceptionCategory category = row.type() == SettlementType.FEE ? ExceptionCategory.FEE_MISMATCH
                    : ExceptionCategory.MISSING_IN_PAYRAIL;
            String detail = row.type() == SettlementType.FEE ? "a fee that explains nothing Payrail recorded"
                    : "no record of " + row.type().wireName() + " " + row.providerReference();
            return new Outcome(row, null, null, List.of(new Finding(category, row.currency(),
                    row.type() == SettlementType.FEE ? Math.abs(row.fee()) : stake, detail)));
        }
        return new Outcome(row, item.get(), strength, check(row, item.get()));
    }

    private Optional<RecordedItem> lookup(SettlementType rowType, String reference, boolean provider) {
        if (reference == null) {
            return Optional.empty();
        }
        // a fee row names the capture it was charged on
        SettlementType type = rowType == SettlementType.FEE ? SettlementType.CAPTURE : rowType;
        return provider ? records.byProviderReference(type, reference) : records.byMerchantReference(type, reference);
    }

    private List<Finding> check(SettlementRow row, RecordedItem item) {
        List<Finding> findings = new ArrayList<>();
        long stake = Math.abs(row.gross());
        if (row.type() == SettlementType.FEE) {
            return findings; // a fee on a known capture: booked as the provider's fee
        }
        if (!row.currency().equals(item.currency())) {
            findings.add(new Finding(ExceptionCategory.CURRENCY_MISMATCH, row.currency(), stake,
                    "settled in " + row.currency().code() + ", recorded in " + item.currency().code()));
            return findings; // amounts in two currencies cannot be compared
        }
        if (stake != item.amount()) {
            findings.add(new Finding(ExceptionCategory.AMOUNT_MISMATCH, row.currency(), Math.abs(stake - item.amount()),
                    "settled " + stake + ", recorded " + item.amount()));
        }
        if (row.type() == SettlementType.CAPTURE) {
            long expected = providerFees.feeOn(stake, row.currency());
            if (row.fee() != expected) {
                findings.add(new Finding(ExceptionCategory.FEE_MISMATCH, row.currency(), Math.abs(row.fee() - expected),
                        "fee " + row.fee() + ", the provider's schedule says " + expected));
            }
        }
        if (!item.settles()) {
            findings.add(new Finding(ExceptionCategory.STATUS_MISMATCH, row.currency(), stake,
                    "settled, but Payrail's record is " + item.status()));
        }
        if (row.bookedAt().isAfter(item.recordedAt().plus(lateAfter))) {
            findings.add(new Finding(ExceptionCategory.LATE_SETTLEMENT, row.currency(), stake,
                    "settled " + Duration.between(item.recordedAt(), row.bookedAt()).toHours() + " h after it was recorded"));
        }
        return findings;
    }

    private static long key(SettlementRow row) {
        // two rows are the same settlement when they settle the same object the same way
        String key = row.type() + "|" + row.providerReference() + "|" + row.rowId() + "|" + row.gross();
        long hash = 1125899906842597L;
        for (int i = 0; i < key.length(); i++) {
            hash = 31 * hash + key.charAt(i);
        }
        return hash;
    }
}
