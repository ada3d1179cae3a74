package dev.payrail.server.console;

import dev.payrail.server.database.FilteredQuery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's read model: plain queries across merchants, for operators. It reads; every change goes
 * through the capability that owns it (payments, webhooks, deliveries, reconciliation).
 */
@Repository
class ConsoleQueries {
    /** What an operator searches payments by; every part optional. */
    record PaymentSearch(String text, String status, String last4, Long amount, Instant from, Instant until, int limit) {
    }

    private final JdbcClient jdbc;

    ConsoleQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Newest first. {@code text} matches a payment id, a merchant reference, a provider reference or a
     * merchant id exactly, so that a search is an index lookup, never a scan of every description.
     */
    List<Map<String, Object>> payments(PaymentSearch search) {
        FilteredQuery query = new FilteredQuery("""
                select p.id, p.merchant_id, m.name as merchant_name, p.amount, p.currency, p.status, p.card_brand,
                       p.card_last4, p.merchant_reference, p.provider, p.outcome_unknown, p.amount_refunded, p.created_at
                from console_payments p join console_merchants m on m.id = p.merchant_id where true""")
                .and("(p.id = :text or p.merchant_reference = :text or p.provider_reference = :text or p.merchant_id = :text)",
                        "text", search.text())
                .and("p.status = :status", "status", search.status())
                .and("p.card_last4 = :last4", "last4", search.last4())
                .and("p.amount = :amount", "amount", search.amount())
                .and("p.created_at >= :from", "from", search.from() == null ? null : Timestamp.from(search.from()))
                .and("p.created_at < :until", "until", search.until() == null ? null : Timestamp.from(search.until()))
                .then("order by p.created_at desc, p.id desc limit :limit", Map.of("limit", search.limit()));
        return jdbc.sql(query.sql()).params(query.params()).query().listOfRows().stream().map(ConsoleQueries::epochs).toList();
    }

    /** Everything that happened to one payment, oldest first, as one list of dated entries. */
    List<Map<String, Object>> history(String paymentId) {
        List<Map<String, Object>> history = new ArrayList<>();
        history.addAll(rows("timeline", """
                select id, type, from_status, to_status, actor, data::text as data, created_at as at
                from console_payment_events where payment_id = ? order by seq""", paymentId));
        history.addAll(rows("provider_event", """
                with p as (select id, provider_reference from console_payments where id = ?),
                matched as (
                    select e.id from console_provider_events e join p on e.payment_reference = p.id
                    union select e.id from console_provider_events e join p on e.payment_reference = p.provider_reference
                    union select e.id from console_provider_events e join p on e.provider_reference = p.provider_reference)
                select e.id, e.provider, e.type, e.status, e.attempts, e.last_error, e.received_at as at
                from console_provider_events e join matched m on m.id = e.id""",
                paymentId));
        history.addAll(rows("delivery", """
                select d.id, e.type as event_type, d.endpoint_id, d.status, d.attempts, d.last_status, d.created_at as at
                from console_event_deliveries d join console_payment_events e on e.id = d.event_id where e.payment_id = ?""", paymentId));
        history.addAll(rows("ledger", """
                select j.id, j.event, j.currency, j.gross, j.fee, j.source_type, j.source_id, j.created_at as at
                from console_journal_entries j
                where j.source_id = any(array(select ?::text union all select id from console_refunds where payment_id = ?
                                              union all select id from console_disputes where payment_id = ?))""",
                paymentId, paymentId, paymentId));
        history.addAll(rows("refund", """
                select id, amount, currency, status, reason, failure_code, created_at as at from console_refunds
                where payment_id = ?""", paymentId));
        history.addAll(rows("dispute", """
                select id, amount, currency, status, reason, due_by, created_at as at from console_disputes
                where payment_id = ?""", paymentId));
        history.sort((a, b) -> Long.compare((Long) a.get("at"), (Long) b.get("at")));
        return history;
    }

    /** Backlogs and counts for the overview. */
    Map<String, Object> overview() {
        Map<String, Object> overview = new LinkedHashMap<>();
        overview.put("payments_outcome_unknown", count("select count(*) from console_payments where outcome_unknown"));
        overview.put("provider_events", jdbc.sql("select status, count(*) from console_provider_events where status <> 'applied' group by status")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll));
        overview.put("deliveries_pending", count("select count(*) from console_event_deliveries where status = 'pending'"));
        overview.put("deliveries_failed", count("select count(*) from console_event_deliveries where status = 'failed'"));
        overview.put("reconciliation_exceptions_open",
                count("select count(*) from console_reconciliation_exceptions where status in ('open', 'acknowledged')"));
        return overview;
    }

    /** Authorization outcomes per hour over the last {@code hours}: the trend chart of the overview. */
    List<Map<String, Object>> authorizationsPerHour(int hours) {
        return jdbc.sql("""
                        select date_trunc('hour', coalesce(completed_at, created_at)) as hour,
                               count(*) filter (where status = 'succeeded') as approved,
                               count(*) filter (where status = 'failed') as refused,
                               count(*) filter (where status in ('unknown', 'in_flight')) as pending
                        from console_provider_operations
                        where kind = 'authorize' and created_at > now() - make_interval(hours => ?)
                        group by 1 order by 1""")
                .param(hours)
                .query((rs, n) -> {
                    Map<String, Object> bucket = new LinkedHashMap<>();
                    bucket.put("hour", rs.getTimestamp("hour").toInstant().getEpochSecond());
                    bucket.put("approved", rs.getLong("approved"));
                    bucket.put("refused", rs.getLong("refused"));
                    bucket.put("pending", rs.getLong("pending"));
                    return bucket;
                }).list();
    }

    /**
     * Each provider's authorization attempts per hour over the last {@code hours}, and how many it approved: the
     * routing page's rate by provider over time. An attempt counts when its answer came (approved, or declined or
     * refused); one still in flight or unknown waits for its answer. Attempts that cascaded count at each provider.
     */
    List<Map<String, Object>> authorizationRatesPerHour(int hours) {
        return jdbc.sql("""
                        select date_trunc('hour', completed_at) as hour, provider,
                               count(*) as attempts, count(*) filter (where status = 'succeeded') as approved
                        from console_provider_operations
                        where kind = 'authorize' and status in ('succeeded', 'failed')
                          and created_at > now() - make_interval(hours => ?)
                        group by 1, 2 order by 1, 2""")
                .param(hours).query().listOfRows().stream().map(ConsoleQueries::epochs).toList();
    }

    /**
     * Each provider's authorization attempts and approvals over the last {@code hours} by segment (the card's brand
     * and the payment's currency), the same over the last hour beside them (a segment falling now shows against its
     * day), and its most frequent decline code there: where a provider does well and where not.
     */
    List<Map<String, Object>> authorizationRatesBySegment(int hours) {
        return jdbc.sql("""
                        select o.provider, coalesce(p.card_brand, 'unknown') as brand, p.currency,
                               count(*) as attempts, count(*) filter (where o.status = 'succeeded') as approved,
                               count(*) filter (where o.created_at > now() - interval '1 hour') as attempts_last_hour,
                               count(*) filter (where o.created_at > now() - interval '1 hour' and o.status = 'succeeded')
                                   as approved_last_hour,
                               mode() within group (order by o.decline_code) filter (where o.decline_code is not null)
                                   as top_decline_code
                        from console_provider_operations o join console_payments p on p.id = o.payment_id
                        where o.kind = 'authorize' and o.status in ('succeeded', 'failed')
                          and o.created_at > now() - make_interval(hours => ?)
                        group by 1, 2, 3 order by 1, 2, 3""")
                .param(hours).query().listOfRows();
    }

    /**
     * Smart-retry schedules: those waiting for their next attempt (the soonest first), then those that ended (the
     * latest first), at most {@code limit} of each.
     */
    Map<String, Object> retrySchedules(int limit) {
        String columns = """
                select p.id, p.merchant_id, m.name as merchant_name, p.amount, p.currency, p.status, p.card_brand,
                       p.card_last4, p.retry_attempts, p.retry_first_declined_at, p.next_retry_at, p.retry_stop_reason,
                       p.failure_code, p.updated_at
                from console_payments p join console_merchants m on m.id = p.merchant_id""";
        Map<String, Object> schedules = new LinkedHashMap<>();
        schedules.put("scheduled", jdbc.sql(columns + " where p.next_retry_at is not null order by p.next_retry_at limit ?")
                .param(limit).query().listOfRows().stream().map(ConsoleQueries::epochs).toList());
        schedules.put("ended", jdbc.sql(columns + " where p.retry_first_declined_at is not null and p.next_retry_at is null"
                        + " order by p.updated_at desc limit ?")
                .param(limit).query().listOfRows().stream().map(ConsoleQueries::epochs).toList());
        return schedules;
    }

    /**
     * 3-D Secure per hour over the last {@code hours}, by the payments' last authentication: how many were challenged
     * or frictionless, and how many authenticated (or attempted: the issuer was not enrolled). Challenge rate and
     * authentication success are read from these.
     */
    List<Map<String, Object>> authenticationsPerHour(int hours) {
        return jdbc.sql("""
                        select date_trunc('hour', created_at) as hour,
                               count(*) filter (where three_d_secure->>'authentication_flow' = 'challenge') as challenge,
                               count(*) filter (where three_d_secure->>'authentication_flow' = 'frictionless') as frictionless,
                               count(*) filter (where three_d_secure->>'result' in ('authenticated', 'attempted')) as authenticated,
                               count(*) as authentications
                        from console_payments
                        where three_d_secure is not null and created_at > now() - make_interval(hours => ?)
                        group by 1 order by 1""")
                .param(hours)
                .query((rs, n) -> {
                    Map<String, Object> bucket = new LinkedHashMap<>();
                    bucket.put("hour", rs.getTimestamp("hour").toInstant().getEpochSecond());
                    bucket.put("challenge", rs.getLong("challenge"));
                    bucket.put("frictionless", rs.getLong("frictionless"));
                    bucket.put("authenticated", rs.getLong("authenticated"));
                    bucket.put("authentications", rs.getLong("authentications"));
                    return bucket;
                }).list();
    }

    /** Webhook processing lag per hour over the last {@code hours}: from the provider's event to Payrail applying it. */
    List<Map<String, Object>> webhookLagPerHour(int hours) {
        return jdbc.sql("""
                        select date_trunc('hour', applied_at) as hour, count(*) as events,
                               avg(extract(epoch from applied_at - coalesce(event_time, received_at))) as average,
                               max(extract(epoch from applied_at - coalesce(event_time, received_at))) as maximum
                        from console_provider_events
                        where applied_at is not null and applied_at > now() - make_interval(hours => ?)
                        group by 1 order by 1""")
                .param(hours)
                .query((rs, n) -> {
                    Map<String, Object> bucket = new LinkedHashMap<>();
                    bucket.put("hour", rs.getTimestamp("hour").toInstant().getEpochSecond());
                    bucket.put("events", rs.getLong("events"));
                    bucket.put("average_seconds", Math.round(rs.getDouble("average") * 10) / 10.0);
                    bucket.put("max_seconds", Math.round(rs.getDouble("maximum") * 10) / 10.0);
                    return bucket;
                }).list();
    }

    /** The latest reconciliation runs with their report and counts, newest first. */
    List<Map<String, Object>> reconciliationRuns(int limit) {
        return jdbc.sql("""
                        select u.id, r.provider, r.filename, u.started_at, u.finished_at, u.rows, u.matched,
                               (select count(*) from console_reconciliation_exceptions x where x.run_id = u.id) as exceptions,
                               (select count(*) from console_reconciliation_exceptions x where x.run_id = u.id
                                  and x.status in ('open', 'acknowledged')) as still_open
                        from console_reconciliation_runs u join console_settlement_reports r on r.id = u.report_id
                        order by u.started_at desc limit ?""")
                .param(limit).query().listOfRows().stream().map(ConsoleQueries::epochs).toList();
    }

    /** Provider events that need an operator: parked or flagged, newest first. */
    List<Map<String, Object>> stuckProviderEvents(int limit) {
        return jdbc.sql("""
                        select id, provider, type, status, attempts, last_error, payment_reference, received_at
                        from console_provider_events where status in ('parked', 'flagged') order by received_at desc limit ?""")
                .param(limit).query().listOfRows().stream().map(ConsoleQueries::epochs).toList();
    }

    /** Deliveries with {@code status} (failed for good, or pending and when next), newest first. */
    List<Map<String, Object>> deliveries(String status, int limit) {
        return jdbc.sql("""
                        select d.id, d.event_id, e.type as event_type, e.merchant_id, d.endpoint_id, d.status, d.attempts,
                               d.last_status, d.last_error, d.next_attempt_at, d.created_at
                        from console_event_deliveries d join console_payment_events e on e.id = d.event_id
                        where d.status = ? order by d.created_at desc limit ?""")
                .params(status, limit).query().listOfRows().stream().map(ConsoleQueries::epochs).toList();
    }

    /** Endpoints whose last attempt failed, or that were disabled: with why, so that a failing endpoint says so. */
    List<Map<String, Object>> failingEndpoints(int limit) {
        return jdbc.sql("""
                        select id, merchant_id, url, status, consecutive_failures, last_failure, last_failure_at
                        from console_webhook_endpoints where deleted_at is null and (last_failure is not null or status = 'disabled')
                        order by last_failure_at desc nulls last limit ?""")
                .param(limit).query().listOfRows().stream().map(ConsoleQueries::epochs).toList();
    }

    /** One merchant: id, name, created. */
    Optional<Map<String, Object>> merchant(String id) {
        return jdbc.sql("select id, name, created_at from console_merchants where id = ?").param(id)
                .query().listOfRows().stream().findFirst().map(ConsoleQueries::epochs);
    }

    /** The newest 200 merchants (their funds come from the ledger's Balances). */
    List<Map<String, Object>> merchants() {
        return jdbc.sql("select id, name, created_at from console_merchants order by created_at desc limit 200")
                .query().listOfRows().stream().map(ConsoleQueries::epochs).toList();
    }

    private List<Map<String, Object>> rows(String kind, String sql, Object... params) {
        return jdbc.sql(sql).params(params).query().listOfRows().stream().map(row -> {
            Map<String, Object> entry = epochs(row);
            entry.put("kind", kind);
            return entry;
        }).toList();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    /** Timestamps as epoch seconds, like the rest of the API. */
    static Map<String, Object> epochs(Map<String, Object> row) {
        Map<String, Object> json = new LinkedHashMap<>();
        row.forEach((key, value) -> json.put(key, value instanceof Timestamp t ? t.toInstant().getEpochSecond() : value));
        return json;
    }
}
