package dev.payrail.server.ledger;

import dev.payrail.core.ledger.AccountType;
import dev.payrail.core.ledger.JournalEntry;
import dev.payrail.core.ledger.JournalLine;
import dev.payrail.core.ledger.PostingAmounts;
import dev.payrail.core.ledger.PostingEvent;
import dev.payrail.core.ledger.PostingRules;
import dev.payrail.core.money.Money;
import dev.payrail.server.PayrailProperties;
import dev.payrail.server.api.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes journal entries, in the caller's transaction (it must have one: a posting never commits apart
 * from the state change that caused it). Each entry is written with its lines, the account balances it
 * moves and, when it changes what the merchant is owed, the merchant's balance transaction. An entry is
 * unique per (event, source): posting the same movement again writes nothing.
 */
@Repository
public class Journal {
    /**
     * Buckets of every balance except a merchant's available funds (the one row a payout locks to check
     * it): a busy merchant's captures would otherwise all queue on its pending row. See V9__ledger.sql.
     */
    static final int BUSY_ACCOUNT_BUCKETS = 8;

    private final JdbcClient jdbc;
    private final FeeSchedules fees;
    private final PayrailProperties.Ledger settings;

    Journal(JdbcClient jdbc, FeeSchedules fees, PayrailProperties properties) {
        this.jdbc = jdbc;
        this.fees = fees;
        this.settings = properties.ledger();
    }

    /** Books a capture: the provider holds {@code amount}, the merchant is owed it less its fee. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<String> capture(String merchantId, String provider, Money amount, String paymentId) {
        long fee = fees.of(merchantId).feeOn(amount.minorUnits(), amount.currency());
        Instant availableOn = Instant.now().plus(settings.settlementDelay(amount.currency().code()));
        return post(PostingEvent.CAPTURE, new PostingAmounts(amount.minorUnits(), fee),
                new PostingRules.Parties(merchantId, provider, amount.currency()), "payment", paymentId, availableOn);
    }

    /** Books {@code event} for {@code amount} (no fee). */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<String> post(PostingEvent event, String merchantId, String provider, Money amount, String sourceType,
                                 String sourceId) {
        return post(event, PostingAmounts.of(amount.minorUnits()),
                new PostingRules.Parties(merchantId, provider, amount.currency()), sourceType, sourceId, Instant.now());
    }

    /** Returns the new entry's id, or empty when there was nothing to book or it was booked before. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<String> post(PostingEvent event, PostingAmounts amounts, PostingRules.Parties parties,
                                 String sourceType, String sourceId, Instant availableOn) {
        Optional<JournalEntry> built = PostingRules.entry(event, amounts, parties);
        if (built.isEmpty()) {
            return Optional.empty();
        }
        JournalEntry entry = built.get();
        String entryId = Ids.newId("je");
        int inserted = jdbc.sql("""
                        insert into journal_entries (id, merchant_id, event, currency, source_type, source_id, gross, fee)
                        values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (event, source_id) do nothing""")
                .params(entryId, parties.merchantId(), event.wireName(), parties.currency().code(), sourceType, sourceId,
                        amounts.gross(), amounts.fee())
                .update();
        if (inserted == 0) {
            return Optional.empty();
        }
        // The lines in one statement, the balances in another (one row per account and bucket, in one fixed order
        // (owner, type), so two postings never wait on each other crosswise), the balance transaction and its
        // settlement row in a third: three round trips where one per row took nine.
        List<Object> lineParams = new ArrayList<>();
        for (JournalLine line : entry.lines()) {
            lineParams.addAll(List.of(entryId, line.account().type().wireName(), line.account().owner(),
                    line.account().currency().code(), line.side().wireName(), line.amount()));
        }
        jdbc.sql("insert into journal_lines (entry_id, account_type, account_owner, currency, side, amount) values "
                + placeholders(entry.lines().size(), 6)).params(lineParams).update();
        Map<BalanceRow, Long> moves = new TreeMap<>();
        for (JournalLine line : entry.lines()) {
            int bucket = line.account().type() == AccountType.MERCHANT_AVAILABLE ? 0
                    : ThreadLocalRandom.current().nextInt(BUSY_ACCOUNT_BUCKETS);
            moves.merge(new BalanceRow(line.account().owner(), line.account().type().wireName(),
                    line.account().currency().code(), bucket), line.signedAmount(), Long::sum);
        }
        List<Object> balanceParams = new ArrayList<>();
        moves.forEach((row, amount) -> balanceParams.addAll(List.of(row.type(), row.owner(), row.currency(), row.bucket(), amount)));
        jdbc.sql("insert into account_balances (account_type, account_owner, currency, bucket, debit_minus_credit) values "
                        + placeholders(moves.size(), 5) + """
                         on conflict (account_owner, account_type, currency, bucket)
                        do update set debit_minus_credit = account_balances.debit_minus_credit + excluded.debit_minus_credit""")
                .params(balanceParams).update();
        if (event.balanceTransactionType().isPresent()) {
            long net = entry.lines().stream().filter(Journal::merchantFunds).mapToLong(l -> -l.signedAmount()).sum();
            long fee = event == PostingEvent.CAPTURE || event == PostingEvent.DISPUTE_FEE ? amounts.fee() : 0;
            boolean settles = event == PostingEvent.CAPTURE && net > 0;
            jdbc.sql("""
                    with t as (
                        insert into balance_transactions (id, merchant_id, entry_id, type, source_id, currency, amount, fee, net,
                                                          available_on)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id, merchant_id, currency, net, available_on)
                    insert into settlements_due (balance_transaction_id, merchant_id, currency, amount, available_on)
                    select id, merchant_id, currency, net, available_on from t where ?""")
                    .params(Ids.newId("txn"), parties.merchantId(), entryId, event.balanceTransactionType().get(), sourceId,
                            parties.currency().code(), net + fee, fee, net, Timestamp.from(availableOn), settles)
                    .update();
        }
        return Optional.of(entryId);
    }

    /**
     * One row of {@code account_balances} a posting moves. Ordered (owner, type, currency, bucket): every posting
     * locks its rows in this one order, so two postings never wait on each other crosswise; lines on one row are
     * summed first (one statement may not touch a row twice).
     */
    private record BalanceRow(String owner, String type, String currency, int bucket) implements Comparable<BalanceRow> {
        private static final Comparator<BalanceRow> ORDER = Comparator.comparing(BalanceRow::owner)
                .thenComparing(BalanceRow::type).thenComparing(BalanceRow::currency).thenComparingInt(BalanceRow::bucket);

        @Override
        public int compareTo(BalanceRow other) {
            return ORDER.compare(this, other);
        }
    }

    /** {@code rows} groups of {@code columns} placeholders: {@code (?, ?), (?, ?)}. */
    private static String placeholders(int rows, int columns) {
        String row = "(" + String.join(", ", java.util.Collections.nCopies(columns, "?")) + ")";
        return String.join(", ", java.util.Collections.nCopies(rows, row));
    }

    private static boolean merchantFunds(JournalLine line) {
        return line.account().type() == AccountType.MERCHANT_AVAILABLE || line.account().type() == AccountType.MERCHANT_PENDING;
    }
}
