package dev.payrail.server.webhooks;

import dev.payrail.server.api.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The inbox of provider events. The unique (provider, provider event id) makes every duplicate a no-op. */
@Repository
class ProviderEventStore {

    /** A stored event, as the worker and operators see it. */
    record Row(String id, String provider, String providerEventId, String type, String paymentReference,
               String payload, Instant eventTime, Instant receivedAt, String status, int attempts, String lastError,
               String traceparent) {
    }

    private static final String COLUMNS = "id, provider, provider_event_id, type, payment_reference, payload::text as payload,"
            + " event_time, received_at, status, attempts, last_error, traceparent";

    private final JdbcClient jdbc;

    ProviderEventStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the event; false when the provider already sent it. */
    boolean store(String provider, InboundEvent event, String traceparent) {
        return jdbc.sql("""
                        insert into provider_events (id, provider, provider_event_id, type, payment_reference,
                                                     provider_reference, payload, event_time, status, traceparent)
                        values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, 'pending', ?)
                        on conflict (provider, provider_event_id) do nothing""")
                .params(Ids.newId("pe"), provider, event.providerEventId(), event.type(), event.paymentReference(),
                        event.providerReference(), event.payload(),
                        event.eventTime() == null ? null : Timestamp.from(event.eventTime()), traceparent)
                .update() == 1;
    }

    /** Takes due events, leasing them so that another worker skips them meanwhile. */
    List<Row> leaseDue(int limit, Duration lease) {
        return jdbc.sql("""
                update provider_events set next_attempt_at = now() + make_interval(secs => ?), attempts = attempts + 1
                where id in (select id from provider_events
                             where status in ('pending', 'parked') and next_attempt_at <= now()
                             order by received_at limit ? for update skip locked)
                returning\s""" + COLUMNS)
                .params((double) lease.toSeconds(), limit)
                .query(this::map).list();
    }

    void applied(String id, String note) {
        jdbc.sql("update provider_events set status = 'applied', applied_at = now(), last_error = ? where id = ?")
                .params(note, id).update();
    }

    void park(String id, String why, Instant retryAt) {
        jdbc.sql("update provider_events set status = 'parked', last_error = ?, next_attempt_at = ? where id = ?")
                .params(why, Timestamp.from(retryAt), id).update();
    }

    void flag(String id, String why) {
        jdbc.sql("update provider_events set status = 'flagged', last_error = ? where id = ?").params(why, id).update();
    }

    /** Puts an event back in the queue, as if just received. */
    boolean replay(String id) {
        return jdbc.sql("""
                update provider_events set status = 'pending', attempts = 0, next_attempt_at = now(), last_error = null
                where id = ?""").param(id).update() == 1;
    }

    Optional<Row> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from provider_events where id = ?").param(id).query(this::map).optional();
    }

    List<Row> list(Optional<String> status, int limit) {
        return status.map(s -> jdbc.sql("select " + COLUMNS + " from provider_events where status = ? order by received_at desc limit ?")
                        .params(s, limit))
                .orElseGet(() -> jdbc.sql("select " + COLUMNS + " from provider_events order by received_at desc limit ?")
                        .param(limit))
                .query(this::map).list();
    }

    static Map<String, Object> json(Row row) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", row.id());
        json.put("object", "provider_event");
        json.put("provider", row.provider());
        json.put("provider_event_id", row.providerEventId());
        json.put("type", row.type());
        json.put("payment", row.paymentReference());
        json.put("status", row.status());
        json.put("attempts", row.attempts());
        json.put("last_error", row.lastError());
        json.put("event_time", row.eventTime() == null ? null : row.eventTime().getEpochSecond());
        json.put("received", row.receivedAt().getEpochSecond());
        return json;
    }

    private Row map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Timestamp eventTime = rs.getTimestamp("event_time");
        return new Row(rs.getString("id"), rs.getString("provider"), rs.getString("provider_event_id"),
                rs.getString("type"), rs.getString("payment_reference"), rs.getString("payload"),
                eventTime == null ? null : eventTime.toInstant(), rs.getTimestamp("received_at").toInstant(),
                rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error"), rs.getString("traceparent"));
    }
}
