package dev.payrail.server.events;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Deliveries of events to endpoints, and every attempt made. */
@Repository
public class EventDeliveryStore {

    /** A delivery due now, with what is needed to send it. */
    public record Due(String id, String eventId, String endpointId, int attempts, String traceparent) {
    }

    private final JdbcClient jdbc;
    private final tools.jackson.databind.json.JsonMapper json;

    EventDeliveryStore(JdbcClient jdbc, tools.jackson.databind.json.JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Leases due deliveries for {@code lease}; each lease opens an attempt of the current round (the back-off reads
     * {@link Due#attempts()}), so a process that died mid-send still moves its delivery along the schedule.
     */
    public List<Due> leaseDue(int limit, Duration lease) {
        return jdbc.sql("""
                update event_deliveries set next_attempt_at = now() + make_interval(secs => ?), round_attempts = round_attempts + 1
                where id in (select id from event_deliveries where status = 'pending' and next_attempt_at <= now()
                             order by next_attempt_at limit ? for update skip locked)
                returning id, event_id, endpoint_id, round_attempts,
                          (select traceparent from payment_events e where e.id = event_deliveries.event_id)""")
                .params((double) lease.toSeconds(), limit)
                .query((rs, n) -> new Due(rs.getString("id"), rs.getString("event_id"), rs.getString("endpoint_id"),
                        rs.getInt("round_attempts"), rs.getString(5)))
                .list();
    }

    /** The attempt and what follows from it, in one statement: {@code attempts} always equals the attempt log. */
    private static final String WITH_ATTEMPT = """
            with attempt as (insert into delivery_attempts (delivery_id, status, latency_ms, error)
                             values (:id, :status, :latency, :attemptError))
            """;

    /** How one attempt ended: the HTTP status if one came, how long it took, and the transport error if any. */
    public record Attempt(Integer status, long latencyMillis, String error) {
    }

    public void succeeded(String id, Attempt attempt) {
        withAttempt(id, attempt, """
                update event_deliveries set status = 'succeeded', attempts = attempts + 1, last_status = :status, last_error = null,
                       completed_at = now() where id = :id""").update();
    }

    /** The attempt failed ({@code why}); the delivery is tried again at {@code next}. */
    public void retryAt(String id, Attempt attempt, String why, Instant next) {
        withAttempt(id, attempt, """
                update event_deliveries set attempts = attempts + 1, last_status = :status, last_error = :why, next_attempt_at = :next
                where id = :id""").param("why", why).param("next", Timestamp.from(next)).update();
    }

    /** The attempt failed ({@code why}) and the round's schedule is spent. */
    public void failed(String id, Attempt attempt, String why) {
        withAttempt(id, attempt, """
                update event_deliveries set status = 'failed', attempts = attempts + 1, last_status = :status, last_error = :why,
                       completed_at = now() where id = :id""").param("why", why).update();
    }

    private JdbcClient.StatementSpec withAttempt(String id, Attempt attempt, String update) {
        return jdbc.sql(WITH_ATTEMPT + update).param("id", id)
                .param("status", attempt.status(), java.sql.Types.INTEGER)
                .param("latency", (int) attempt.latencyMillis())
                .param("attemptError", attempt.error(), java.sql.Types.VARCHAR);
    }

    /** Ends a delivery that cannot be attempted at all (its event or endpoint is gone): no attempt is recorded. */
    public void abandoned(String id, String why) {
        jdbc.sql("update event_deliveries set status = 'failed', last_error = ?, completed_at = now() where id = ?")
                .params(why, id).update();
    }

    /**
     * Queues a delivery again (merchant or operator asked): a fresh round of retries; earlier attempts are kept and
     * counted. Answers with the delivery as it was queued, read in the same transaction: the worker cannot lease
     * the row until it commits, so the answer never shows an attempt the worker made in between.
     */
    @Transactional
    public Optional<Map<String, Object>> redeliverAndView(String merchantId, String id) {
        return redeliver(merchantId, id) ? Optional.of(view(id)) : Optional.empty();
    }

    /** An operator's redelivery of any merchant's delivery, answered as {@link #redeliverAndView} answers. */
    @Transactional
    public Optional<Map<String, Object>> redeliverAnyAndView(String id) {
        return redeliverAny(id) ? Optional.of(view(id)) : Optional.empty();
    }

    boolean redeliver(String merchantId, String id) {
        return jdbc.sql("""
                update event_deliveries d set status = 'pending', round_attempts = 0, next_attempt_at = now(), completed_at = null
                from events_endpoint_owners e
                where d.id = ? and d.endpoint_id = e.endpoint_id and e.merchant_id = ?""")
                .params(id, merchantId).update() == 1;
    }

    boolean redeliverAny(String id) {
        return jdbc.sql("""
                update event_deliveries set status = 'pending', round_attempts = 0, next_attempt_at = now(), completed_at = null
                where id = ?""").param(id).update() == 1;
    }

    /** One delivery as the API shows it, with every attempt. */
    public Map<String, Object> view(String id) {
        return jdbc.sql(VIEW + " where d.id = ?").param(id).query(this::viewRow).single();
    }

    public List<Map<String, Object>> ofEndpoint(String endpointId) {
        return jdbc.sql(VIEW + " where d.endpoint_id = ? order by d.created_at desc limit 100")
                .param(endpointId).query(this::viewRow).list();
    }

    private static final String VIEW = """
            select d.id, d.event_id, d.endpoint_id, d.status, d.attempts, d.last_status, d.last_error, d.created_at, d.next_attempt_at,
                   (select json_agg(json_build_object('status', a.status, 'latency_ms', a.latency_ms, 'error', a.error,
                                    'attempted', extract(epoch from a.attempted_at)::bigint) order by a.id)
                    from delivery_attempts a where a.delivery_id = d.id)::text as attempt_log
            from event_deliveries d""";

    private Map<String, Object> viewRow(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", rs.getString("id"));
        json.put("object", "event_delivery");
        json.put("event", rs.getString("event_id"));
        json.put("webhook_endpoint", rs.getString("endpoint_id"));
        json.put("status", rs.getString("status"));
        json.put("attempts", rs.getInt("attempts"));
        json.put("last_status", rs.getObject("last_status"));
        json.put("last_error", rs.getString("last_error"));
        json.put("created", rs.getTimestamp("created_at").toInstant().getEpochSecond());
        // while pending: when it is tried next (during an attempt, when its lease runs out)
        json.put("next_attempt_at", "pending".equals(rs.getString("status"))
                ? rs.getTimestamp("next_attempt_at").toInstant().getEpochSecond() : null);
        String log = rs.getString("attempt_log");
        json.put("attempt_log", log == null ? List.of() : this.json.readTree(log));
        return json;
    }
}
