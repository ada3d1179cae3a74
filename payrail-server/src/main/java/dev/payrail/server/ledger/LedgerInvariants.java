package dev.payrail.server.ledger;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks what finance relies on: every entry balances per currency and has two lines or more; every stored
 * account balance equals the sum of its lines; and for each merchant and currency, available + pending
 * equals what the payment tables say independently of the ledger: captures − refunds (pending or
 * succeeded) − fees − disputed amounts withdrawn and not won back − payouts not failed or canceled − bank debits
 * returned after they succeeded. Violations are logged at ERROR and counted in {@code payrail_ledger_invariant_violations}
 * (an alert fires on any). On schedule, the first two are checked incrementally ({@link LedgerCheckpoints}) and the
 * third for each payment and payout with new entries, the merchant-level third daily; {@link #check()} runs all three
 * over all of history.
 */
@Component
public class LedgerInvariants {
    private static final Logger log = LoggerFactory.getLogger(LedgerInvariants.class);

    /** One broken rule: which, about what, and the numbers. */
    public record Violation(String rule, String subject, String detail) {
    }

    private final JdbcClient jdbc;
    private final LedgerCheckpoints checkpoints;
    /** What the last check of entries and balances found, and the last check of merchants' funds: the gauge is both. */
    private final AtomicInteger entriesAndBalancesViolations = new AtomicInteger();
    private final AtomicInteger fundsViolations = new AtomicInteger();

    LedgerInvariants(JdbcClient jdbc, LedgerCheckpoints checkpoints, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
        meters.gauge("payrail.ledger.invariant_violations", this,
                invariants -> invariants.entriesAndBalancesViolations.get() + invariants.fundsViolations.get());
    }

    /**
     * The scheduled check of entries and balances, in proportion to what changed since the last run
     * ({@link LedgerCheckpoints}); {@link #check()} is the full audit, on demand.
     */
    @Scheduled(fixedDelayString = "${payrail.ledger.invariant-check-interval}", initialDelayString = "${payrail.ledger.invariant-check-interval}")
    void checkOnSchedule() {
        checkpoints.run().ifPresent(run -> {
            report(run.violations());
            entriesAndBalancesViolations.set(run.violations().size());
        });
    }

    /**
     * Each merchant's funds identity over the payment tables' sums, on its own schedule: the incremental check holds
     * each changed payment and payout to it, and this finds what that cannot (money columns changed with no entry),
     * at a cost that grows with history (docs/ledger.md), so it runs once a day.
     */
    @Scheduled(fixedDelayString = "${payrail.ledger.funds-check-interval:24h}", initialDelayString = "${payrail.ledger.invariant-check-interval}")
    void fundsOnSchedule() {
        List<Violation> violations = merchantFunds();
        report(violations);
        fundsViolations.set(violations.size());
    }

    /** Runs the incremental check now: what the schedule runs (tests, operators). */
    LedgerCheckpoints.Run checkSinceLastCheckpoint() {
        LedgerCheckpoints.Run run = checkpoints.runAfterOthers();
        report(run.violations());
        entriesAndBalancesViolations.set(run.violations().size());
        return run;
    }

    /** The full audit: every entry, every balance against all its lines, every merchant's funds. */
    public List<Violation> check() {
        List<Violation> violations = new ArrayList<>();
        violations.addAll(entryBalances());
        violations.addAll(accountsEqualLines());
        entriesAndBalancesViolations.set(violations.size());
        List<Violation> funds = merchantFunds();
        fundsViolations.set(funds.size());
        violations.addAll(funds);
        report(violations);
        return violations;
    }

    private static void report(List<Violation> violations) {
        for (Violation violation : violations) {
            log.error("LEDGER INVARIANT VIOLATED: {} {}: {}", violation.rule(), violation.subject(), violation.detail());
        }
    }

    private List<Violation> entryBalances() {
        return jdbc.sql("""
                        select e.id, coalesce(l.currency, e.currency) as currency,
                               coalesce(sum(case when l.side = 'debit' then l.amount else -l.amount end), 0) as difference,
                               count(l.id) as lines
                        from journal_entries e left join journal_lines l on l.entry_id = e.id
                        group by e.id, coalesce(l.currency, e.currency)
                        having coalesce(sum(case when l.side = 'debit' then l.amount else -l.amount end), 0) <> 0
                            or count(l.id) < 2""")
                .query((rs, n) -> new Violation("entry_balances", rs.getString("id"), "debits minus credits "
                        + rs.getLong("difference") + " " + rs.getString("currency") + " over " + rs.getLong("lines") + " lines"))
                .list();
    }

    private List<Violation> accountsEqualLines() {
        return jdbc.sql("""
                        with from_lines as (
                            select account_owner, account_type, currency,
                                   sum(case when side = 'debit' then amount else -amount end) as total
                            from journal_lines group by 1, 2, 3),
                        stored as (
                            select account_owner, account_type, currency, sum(debit_minus_credit) as total
                            from account_balances group by 1, 2, 3)
                        select account_owner, account_type, currency, coalesce(f.total, 0) as lines, coalesce(s.total, 0) as stored
                        from from_lines f full join stored s using (account_owner, account_type, currency)
                        where coalesce(f.total, 0) <> coalesce(s.total, 0)""")
                .query((rs, n) -> new Violation("account_equals_lines",
                        rs.getString("account_owner") + "/" + rs.getString("account_type") + "/" + rs.getString("currency"),
                        "stored " + rs.getLong("stored") + ", lines " + rs.getLong("lines")))
                .list();
    }

    private List<Violation> merchantFunds() {
        return jdbc.sql("""
                        with started as (select min(started_at) as at from ledger_meta),
                        funds as (
                            select account_owner as merchant_id, currency, -sum(debit_minus_credit) as total
                            from account_balances where account_type in ('merchant_available', 'merchant_pending')
                            group by 1, 2),
                        captured as (
                            select merchant_id, currency, sum(amount_captured) as total
                            from ledger_payments, started where created_at >= started.at group by 1, 2),
                        refunded as (
                            select r.merchant_id, r.currency, sum(r.amount) as total
                            from ledger_refunds r join ledger_payments p on p.id = r.payment_id, started
                            where r.status in ('pending', 'succeeded') and p.created_at >= started.at group by 1, 2),
                        disputed as (
                            select d.merchant_id, d.currency, sum(d.amount) as total
                            from ledger_disputes d join ledger_payments p on p.id = d.payment_id, started
                            where d.funds_withdrawn and d.status <> 'won' and p.created_at >= started.at group by 1, 2),
                        returned as (
                            select merchant_id, currency, sum(amount_returned) as total
                            from ledger_payments, started where created_at >= started.at group by 1, 2),
                        paid_out as (
                            select merchant_id, currency, sum(amount) as total
                            from ledger_payouts where status not in ('failed', 'canceled') group by 1, 2),
                        fees as (
                            select merchant_id, currency, sum(fee) as total
                            from journal_entries where event in ('capture', 'dispute_fee') group by 1, 2),
                        keys as (select merchant_id, currency from funds union select merchant_id, currency from captured)
                        select k.merchant_id, k.currency, coalesce(f.total, 0) as funds, coalesce(c.total, 0) as captured,
                               coalesce(r.total, 0) as refunded, coalesce(x.total, 0) as fees, coalesce(d.total, 0) as disputed,
                               coalesce(o.total, 0) as paid_out, coalesce(b.total, 0) as returned
                        from keys k
                        left join funds f on f.merchant_id = k.merchant_id and f.currency = k.currency
                        left join captured c on c.merchant_id = k.merchant_id and c.currency = k.currency
                        left join refunded r on r.merchant_id = k.merchant_id and r.currency = k.currency
                        left join fees x on x.merchant_id = k.merchant_id and x.currency = k.currency
                        left join disputed d on d.merchant_id = k.merchant_id and d.currency = k.currency
                        left join paid_out o on o.merchant_id = k.merchant_id and o.currency = k.currency
                        left join returned b on b.merchant_id = k.merchant_id and b.currency = k.currency
                        where coalesce(f.total, 0) <> coalesce(c.total, 0) - coalesce(r.total, 0) - coalesce(x.total, 0)
                                                      - coalesce(d.total, 0) - coalesce(o.total, 0) - coalesce(b.total, 0)""")
                .query((rs, n) -> new Violation("merchant_funds", rs.getString("merchant_id") + "/" + rs.getString("currency"),
                        "available + pending " + rs.getLong("funds") + " but captured " + rs.getLong("captured")
                                + " - refunded " + rs.getLong("refunded") + " - fees " + rs.getLong("fees")
                                + " - disputed " + rs.getLong("disputed") + " - paid out " + rs.getLong("paid_out")
                                + " - returned " + rs.getLong("returned")))
                .list();
    }
}
