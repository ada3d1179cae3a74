package dev.payrail.server.ledger;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger check in proportion to what changed (issue 23): each run checks only the journal lines written since the
 * last checkpoint, and compares every account's stored balance with the sum of its lines kept from run to run.
 *
 * <p>Line ids come from a sequence, and a transaction may commit a lower id after a higher one. So a run reads the
 * sequence's last value L first, then opens one REPEATABLE READ snapshot: every line with an id up to L is either
 * visible in it, or belongs to a transaction that had already written its entry (an entry is always written before
 * its lines) and so has a transaction id below the one this run then takes, or rolled back. Ids up to L that are not
 * visible are kept as gaps (ranges of ids) with that transaction id as horizon; a gap's ids seen in a later run are
 * checked then, and what is still missing once every transaction below its horizon has ended (a later snapshot's xmin
 * has reached it) rolled back and is given up. Nothing is counted twice or missed.
 *
 * <p>Per run: the entries with new lines balance per currency and have two lines or more; for every account, the kept
 * total plus the lines since the checkpoint equals the stored balance (all accounts, so a balance changed without a
 * line is found too; their number grows with merchants, not with payments). Each run is appended to
 * {@code ledger_checkpoints}. One instance runs at a time (a transaction-scoped advisory lock).
 */
@Component
class LedgerCheckpoints {
    private static final long LOCK = 0x6c6564676572L;     // "ledger"
    private static final TypeReference<List<Map<String, Long>>> GAPS = new TypeReference<>() {
    };

    /** What one run checked and found; empty when another instance was running. */
    record Run(long from, long through, long lines, long entries, long accounts, long gapsOpen, long fundsChecked,
               List<LedgerInvariants.Violation> violations) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate snapshot;
    private final JsonMapper json;

    LedgerCheckpoints(JdbcClient jdbc, PlatformTransactionManager transactions, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /** A run, or none when another instance is running one (the schedule's way: it tries again next time). */
    Optional<Run> run() {
        return attempt();
    }

    /**
     * A run now, once any other instance's run has ended (an operator's or a test's way). It tries again rather than
     * wait on the lock: a snapshot taken before the wait would not see what the other run recorded.
     */
    Run runAfterOthers() {
        for (int attempt = 0; ; attempt++) {
            Optional<Run> run = attempt();
            if (run.isPresent()) {
                return run.get();
            }
            if (attempt == 600) {
                throw new IllegalStateException("another ledger check has held its lock for a minute");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private Optional<Run> attempt() {
        // read before the snapshot: every id up to it was handed out before the snapshot was taken
        long last = jdbc.sql("select case when is_called then last_value else last_value - 1 end from journal_lines_id_seq")
                .query(Long.class).single();
        try {
            return snapshot.execute(tx -> checkUpTo(last));
        } catch (org.springframework.dao.ConcurrencyFailureException otherRunCommittedMeanwhile) {
            // a snapshot taken just before another run committed, and the lock taken just after it: writing the state
            // row that run wrote fails to serialize, and nothing of this run is kept
            return Optional.empty();
        }
    }

    private Optional<Run> checkUpTo(long last) {
        long started = System.nanoTime();
        if (!jdbc.sql("select pg_try_advisory_xact_lock(?)").param(LOCK).query(Boolean.class).single()) {
            return Optional.empty();
        }
        // xmin: every transaction below it has ended. This run's own transaction id, taken now, is above that of every
        // transaction that had written before the sequence was read (a snapshot's xmax is not: it is one past the
        // last transaction to end, and a running one may be at or above it)
        Map<String, Object> horizon = jdbc.sql("""
                        select pg_snapshot_xmin(pg_current_snapshot())::text::bigint as xmin,
                               pg_current_xact_id()::text::bigint as own""").query().singleRow();
        long xmin = ((Number) horizon.get("xmin")).longValue();
        long ownXid = ((Number) horizon.get("own")).longValue();
        Map<String, Object> state = jdbc.sql("select scanned_through, gaps::text as gaps from ledger_check_state where id = 1")
                .query().listOfRows().stream().findFirst().orElse(Map.of("scanned_through", 0L, "gaps", "[]"));
        long from = ((Number) state.get("scanned_through")).longValue();
        long through = Math.max(from, last);

        // the ranges of ids new to this run: the gaps kept from earlier runs, each with its horizon, and (from, through]
        List<Map<String, Long>> ranges = new ArrayList<>(json.readValue((String) state.get("gaps"), GAPS));
        if (through > from) {
            ranges.add(Map.of("lo", from + 1, "hi", through, "horizon", ownXid));
        }
        Long[] los = ranges.stream().map(r -> r.get("lo")).toArray(Long[]::new);
        Long[] his = ranges.stream().map(r -> r.get("hi")).toArray(Long[]::new);
        Long[] horizons = ranges.stream().map(r -> r.get("horizon")).toArray(Long[]::new);
        String fresh = " journal_lines l join unnest(?::bigint[], ?::bigint[]) as r(lo, hi) on l.id between r.lo and r.hi ";

        long lines = jdbc.sql("select count(*) from " + fresh).params(los, his).query(Long.class).single();
        // the entries with new lines, by id: a join on the ranges would let the planner read every entry
        String[] changed = jdbc.sql("select distinct l.entry_id from" + fresh).params(los, his).query(String.class).list()
                .toArray(String[]::new);
        long entries = changed.length;
        List<LedgerInvariants.Violation> violations = new ArrayList<>(jdbc.sql("""
                        select e.id, coalesce(l.currency, e.currency) as currency,
                               coalesce(sum(case when l.side = 'debit' then l.amount else -l.amount end), 0) as difference,
                               count(l.id) as lines
                        from journal_entries e left join journal_lines l on l.entry_id = e.id
                        where e.id = any(?)
                        group by e.id, coalesce(l.currency, e.currency)
                        having coalesce(sum(case when l.side = 'debit' then l.amount else -l.amount end), 0) <> 0
                            or count(l.id) < 2""")
                .param(changed)
                .query((rs, n) -> new LedgerInvariants.Violation("entry_balances", rs.getString("id"), "debits minus credits "
                        + rs.getLong("difference") + " " + rs.getString("currency") + " over " + rs.getLong("lines") + " lines"))
                .list());

        // the funds identity of each payment and payout these entries are about (the merchant's identity is their sum)
        FundsChecked funds = fundsOfChangedObjects(changed);
        violations.addAll(funds.violations());

        // every account: kept total + the new lines + every visible line beyond `through` (the stored balances of this
        // snapshot include them; the next run counts them) = stored balance
        List<Map<String, Object>> compared = jdbc.sql("""
                        with delta as (
                            select account_owner, account_type, currency,
                                   sum(case when side = 'debit' then amount else -amount end) as total
                            from (select l.* from """ + fresh + """
                                  union all select * from journal_lines where id > ?) l
                            group by 1, 2, 3),
                        expected as (
                            select account_owner, account_type, currency, coalesce(t.total, 0) + coalesce(d.total, 0) as total
                            from ledger_checked_totals t full join delta d using (account_owner, account_type, currency)),
                        stored as (
                            select account_owner, account_type, currency, sum(debit_minus_credit) as total
                            from account_balances group by 1, 2, 3)
                        select account_owner, account_type, currency, coalesce(e.total, 0) as lines, coalesce(s.total, 0) as stored
                        from expected e full join stored s using (account_owner, account_type, currency)""")
                .params(los, his, through).query().listOfRows();
        for (Map<String, Object> account : compared) {
            long expected = ((Number) account.get("lines")).longValue();
            long stored = ((Number) account.get("stored")).longValue();
            if (expected != stored) {
                violations.add(new LedgerInvariants.Violation("account_equals_lines", account.get("account_owner") + "/"
                        + account.get("account_type") + "/" + account.get("currency"), "stored " + stored + ", lines " + expected));
            }
        }

        // keep the totals over what is now checked
        jdbc.sql("""
                        insert into ledger_checked_totals (account_owner, account_type, currency, total)
                        select account_owner, account_type, currency, sum(case when side = 'debit' then amount else -amount end)
                        from """ + fresh + """
                         group by 1, 2, 3
                        on conflict (account_owner, account_type, currency)
                        do update set total = ledger_checked_totals.total + excluded.total""")
                .params(los, his).update();
        // what is still missing of each range, as ranges (a bulk load in flight leaves one, not millions of ids), each
        // with the horizon of the range it was part of: once the oldest running transaction is past it, it rolled back
        List<Map<String, Long>> open = new ArrayList<>();
        jdbc.sql("""
                        with r as (select * from unnest(?::bigint[], ?::bigint[], ?::bigint[]) as r(lo, hi, horizon)),
                        marks as (
                            select r.lo, r.hi, r.horizon, l.id from r join journal_lines l on l.id between r.lo and r.hi
                            union all select lo, hi, horizon, lo - 1 from r
                            union all select lo, hi, horizon, hi + 1 from r),
                        steps as (select horizon, id, lead(id) over (partition by lo, hi order by id) as next from marks)
                        select id + 1 as lo, next - 1 as hi, horizon from steps where next - id > 1 order by lo""")
                .params(los, his, horizons)
                .query((rs, n) -> Map.of("lo", rs.getLong("lo"), "hi", rs.getLong("hi"), "horizon", rs.getLong("horizon")))
                .list().forEach(gap -> {
                    if (gap.get("horizon") > xmin) {
                        open.add(gap);
                    }
                });
        jdbc.sql("""
                        insert into ledger_check_state (id, scanned_through, gaps, updated_at) values (1, ?, ?::jsonb, now())
                        on conflict (id) do update set scanned_through = excluded.scanned_through, gaps = excluded.gaps,
                                                       updated_at = excluded.updated_at""")
                .params(through, json.writeValueAsString(open)).update();
        long missing = open.stream().mapToLong(g -> g.get("hi") - g.get("lo") + 1).sum();
        Run run = new Run(from, through, lines, entries, compared.size(), missing, funds.checked(), violations);
        jdbc.sql("""
                        insert into ledger_checkpoints (scanned_from, scanned_through, lines_checked, entries_checked,
                                                        accounts_compared, gaps_open, violations, millis, funds_checked)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(from, through, lines, entries, (long) compared.size(), missing, violations.size(),
                        (System.nanoTime() - started) / 1_000_000, funds.checked()).update();
        return Optional.of(run);
    }

    /** How many payments and payouts had their funds identity checked, and what broke. */
    private record FundsChecked(long checked, List<LedgerInvariants.Violation> violations) {
    }

    /**
     * The merchant's funds identity (LedgerInvariants) is a sum over its payments and payouts, so it holds when each
     * of them holds it: for a payment, the movement of the merchant's available and pending funds over every entry
     * about it (its own, its refunds', its disputes') equals captured − refunds pending or succeeded − fees − disputed
     * amounts withdrawn and not won back − debits returned; for a payout, −its amount unless it failed or was canceled.
     * A payment or payout changes its money only with an entry (its state and its entries commit together), so checking
     * those that the new entries are about, each over all its entries, is the identity in proportion to what changed.
     */
    private FundsChecked fundsOfChangedObjects(String[] changedEntries) {
        if (changedEntries.length == 0) {
            return new FundsChecked(0, List.of());
        }
        List<Map<String, Object>> sources = jdbc.sql("""
                        select distinct case e.source_type when 'refund' then r.payment_id when 'dispute' then d.payment_id
                                                           else e.source_id end as id,
                                        case when e.source_type = 'payout' then 'payout' else 'payment' end as kind
                        from journal_entries e
                        left join ledger_refunds r on e.source_type = 'refund' and r.id = e.source_id
                        left join ledger_disputes d on e.source_type = 'dispute' and d.id = e.source_id
                        where e.id = any(?) and e.source_type in ('payment', 'refund', 'dispute', 'payout')""")
                .param(changedEntries).query().listOfRows();
        String[] payments = sources.stream().filter(s -> "payment".equals(s.get("kind"))).map(s -> (String) s.get("id"))
                .toArray(String[]::new);
        String[] payouts = sources.stream().filter(s -> "payout".equals(s.get("kind"))).map(s -> (String) s.get("id"))
                .toArray(String[]::new);
        List<LedgerInvariants.Violation> violations = new ArrayList<>(jdbc.sql("""
                        with started as (select min(started_at) as at from ledger_meta),
                        p as (
                            select id, amount_captured, amount_returned from ledger_payments, started
                            where id = any(?) and created_at >= started.at),
                        entries as (
                            select p.id as payment_id, e.id, e.event, e.fee from p join journal_entries e on e.source_id = p.id
                            union all
                            select p.id, e.id, e.event, e.fee
                            from p join ledger_refunds r on r.payment_id = p.id join journal_entries e on e.source_id = r.id
                            union all
                            select p.id, e.id, e.event, e.fee
                            from p join ledger_disputes d on d.payment_id = p.id join journal_entries e on e.source_id = d.id),
                        funds as (
                            select x.payment_id, -sum(case when l.side = 'debit' then l.amount else -l.amount end) as total
                            from entries x join journal_lines l on l.entry_id = x.id
                            where l.account_type in ('merchant_available', 'merchant_pending') group by 1),
                        fees as (select payment_id, sum(fee) as total from entries where event in ('capture', 'dispute_fee') group by 1),
                        refunded as (
                            select r.payment_id, sum(r.amount) as total from ledger_refunds r join p on p.id = r.payment_id
                            where r.status in ('pending', 'succeeded') group by 1),
                        disputed as (
                            select d.payment_id, sum(d.amount) as total from ledger_disputes d join p on p.id = d.payment_id
                            where d.funds_withdrawn and d.status <> 'won' group by 1)
                        select p.id, coalesce(f.total, 0) as funds, p.amount_captured as captured,
                               coalesce(r.total, 0) as refunded, coalesce(x.total, 0) as fees, coalesce(d.total, 0) as disputed,
                               p.amount_returned as returned
                        from p left join funds f on f.payment_id = p.id left join fees x on x.payment_id = p.id
                        left join refunded r on r.payment_id = p.id left join disputed d on d.payment_id = p.id
                        where coalesce(f.total, 0) <> p.amount_captured - coalesce(r.total, 0) - coalesce(x.total, 0)
                                                      - coalesce(d.total, 0) - p.amount_returned""")
                .param(payments)
                .query((rs, n) -> new LedgerInvariants.Violation("payment_funds", rs.getString("id"),
                        "merchant funds moved " + rs.getLong("funds") + " but captured " + rs.getLong("captured")
                                + " - refunded " + rs.getLong("refunded") + " - fees " + rs.getLong("fees")
                                + " - disputed " + rs.getLong("disputed") + " - returned " + rs.getLong("returned")))
                .list());
        violations.addAll(jdbc.sql("""
                        with o as (select id, amount, status from ledger_payouts where id = any(?)),
                        funds as (
                            select e.source_id as id, -sum(case when l.side = 'debit' then l.amount else -l.amount end) as total
                            from o join journal_entries e on e.source_id = o.id join journal_lines l on l.entry_id = e.id
                            where l.account_type in ('merchant_available', 'merchant_pending') group by 1)
                        select o.id, coalesce(f.total, 0) as funds, o.amount, o.status from o left join funds f on f.id = o.id
                        where coalesce(f.total, 0) <> case when o.status in ('failed', 'canceled') then 0 else -o.amount end""")
                .param(payouts)
                .query((rs, n) -> new LedgerInvariants.Violation("payout_funds", rs.getString("id"),
                        "merchant funds moved " + rs.getLong("funds") + " for a payout of " + rs.getLong("amount") + " "
                                + rs.getString("status")))
                .list());
        return new FundsChecked(payments.length + payouts.length, violations);
    }
}
