package dev.payrail.server.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backlogs and detectors read from the database on a schedule (never per scrape, so a busy Prometheus
 * cannot load the database): payments waiting for the resolver, the provider-event inbox and the outbound delivery queue (size and age of the
 * oldest), open reconciliation exceptions by provider and category, and the duplicate-charge detector: a
 * payment with more than one successful authorization at the providers, which must never happen and pages
 * someone when it does.
 */
@Component
public class OperationalSignals {
    private static final Logger log = LoggerFactory.getLogger(OperationalSignals.class);

    private final JdbcClient jdbc;
    private final AtomicLong inboxPending = new AtomicLong();
    private final AtomicLong inboxOldestSeconds = new AtomicLong();
    private final AtomicLong deliveriesPending = new AtomicLong();
    private final AtomicLong deliveriesOldestDueSeconds = new AtomicLong();
    private final AtomicLong duplicateCharges = new AtomicLong();
    private final AtomicLong outcomeUnknown = new AtomicLong();
    private final MultiGauge reconciliationExceptions;
    private final MultiGauge reconciliationAge;
    /** The duplicate-charge detector's state: the suspects of the last week and when the last run began. */
    private static final Duration DUPLICATE_WINDOW = Duration.ofDays(7);
    private static final Duration COMMIT_MARGIN = Duration.ofMinutes(5);
    private final Map<String, Instant> duplicateSuspects = new TreeMap<>();
    private Instant duplicatesCheckedThrough;

    OperationalSignals(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        meters.gauge("payrail.webhooks.inbox.pending", inboxPending);
        meters.gauge("payrail.webhooks.inbox.oldest_seconds", inboxOldestSeconds);
        meters.gauge("payrail.deliveries.pending", deliveriesPending);
        meters.gauge("payrail.deliveries.oldest_due_seconds", deliveriesOldestDueSeconds);
        meters.gauge("payrail.payments.duplicate_charges", duplicateCharges);
        meters.gauge("payrail.payments.outcome_unknown", outcomeUnknown);
        this.reconciliationExceptions = MultiGauge.builder("payrail.reconciliation.exceptions.open")
                .description("open reconciliation exceptions by provider and category").register(meters);
        this.reconciliationAge = MultiGauge.builder("payrail.reconciliation.last_run_age_seconds")
                .description("seconds since the last finished reconciliation run of each provider").register(meters);
    }

    @Scheduled(fixedDelayString = "${payrail.ops.signals-interval}")
    public void refresh() {
        outcomeUnknown.set(jdbc.sql("select count(*) from ops_payments where outcome_unknown").query(Long.class).single());
        jdbc.sql("""
                        select count(*), coalesce(extract(epoch from now() - min(received_at)), 0)::bigint
                        from ops_provider_events where status = 'pending'""")
                .query((rs, n) -> {
                    inboxPending.set(rs.getLong(1));
                    inboxOldestSeconds.set(rs.getLong(2));
                    return null;
                }).list();
        jdbc.sql("""
                        select count(*), coalesce(extract(epoch from now() - min(next_attempt_at)), 0)::bigint
                        from ops_event_deliveries where status = 'pending'""")
                .query((rs, n) -> {
                    deliveriesPending.set(rs.getLong(1));
                    deliveriesOldestDueSeconds.set(Math.max(0, rs.getLong(2)));
                    return null;
                }).list();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        jdbc.sql("select provider, category, count(*) from ops_reconciliation_exceptions where status = 'open' group by 1, 2")
                .query((rs, n) -> rows.add(MultiGauge.Row.of(Tags.of("provider", rs.getString(1), "category",
                        rs.getString(2)), rs.getLong(3)))).list();
        reconciliationExceptions.register(rows, true);
        List<MultiGauge.Row<?>> ages = new ArrayList<>();
        jdbc.sql("""
                        select r.provider, extract(epoch from now() - max(u.finished_at))::bigint
                        from ops_reconciliation_runs u join ops_settlement_reports r on r.id = u.report_id
                        where u.finished_at is not null group by r.provider""")
                .query((rs, n) -> ages.add(MultiGauge.Row.of(Tags.of("provider", rs.getString(1)), rs.getLong(2)))).list();
        reconciliationAge.register(ages, true);
        detectDuplicateCharges();
    }

    /**
     * Payments of the last week with two or more successful authorizations at providers, kept up to date in proportion
     * to the traffic: each run looks only at the payments authorized since the last one (with a margin for the
     * transactions that committed after their {@code now()}), plus the suspects already known, by the index of
     * successful authorizations by completion time. The first run after a start looks back the whole week, once.
     */
    private void detectDuplicateCharges() {
        Instant startedAt = jdbc.sql("select now()").query(Timestamp.class).single().toInstant();
        Instant from = duplicatesCheckedThrough == null ? startedAt.minus(DUPLICATE_WINDOW)
                : duplicatesCheckedThrough.minus(COMMIT_MARGIN);
        Map<String, Instant> found = new TreeMap<>();
        jdbc.sql("""
                        with candidates as (
                            select payment_id from ops_provider_operations
                            where kind = 'authorize' and status = 'succeeded' and completed_at > ?
                            union select unnest(?::text[]))
                        select o.payment_id, max(o.completed_at) as last_at
                        from ops_provider_operations o join candidates c on c.payment_id = o.payment_id
                        where o.kind = 'authorize' and o.status = 'succeeded'
                        group by 1 having count(*) > 1""")
                .params(Timestamp.from(from), duplicateSuspects.keySet().toArray(String[]::new))
                .query((rs, n) -> found.put(rs.getString(1), rs.getTimestamp(2).toInstant())).list();
        List<String> fresh = found.keySet().stream().filter(id -> !duplicateSuspects.containsKey(id)).toList();
        duplicateSuspects.clear();
        found.forEach((id, at) -> {
            if (at.isAfter(startedAt.minus(DUPLICATE_WINDOW))) {
                duplicateSuspects.put(id, at);
            }
        });
        duplicatesCheckedThrough = startedAt;
        if (!fresh.isEmpty()) {
            log.error("duplicate charge suspected: {} payment(s) with more than one successful authorization, "
                    + "among them {} (runbook: docs/runbooks/duplicate-charge.md)", fresh.size(),
                    fresh.subList(0, Math.min(10, fresh.size())));
        }
        duplicateCharges.set(duplicateSuspects.size());
    }
}
