package dev.payrail.server.deliveries;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deliveries of events to endpoints, and every attempt made. */
@Repository
class EventDeliveries {

    /** A delivery due now, with what is needed to send it. */
    record Due(String id, String eventId, String endpointId, int attempts, String traceparent) {
    }

    private final JdbcClient jdbc;

    EventDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Due> leaseDue(int limit, Duration lease) {
        return jdbc.sql("""
                update event_deliveries set next_attempt_at = now() + make_interval(secs => ?), attempts = attempts + 1
                where id in (select id from event_deliveries where status = 'pending' and next_attempt_at <= now()
                             order by next_attempt_at limit ? for update skip locked)
                returning id, event_id, endpoint_id, attempts,
                          (select traceparent from payment_events e where e.id = event_deliveries.event_id)""")
                .params((double) lease.toSeconds(), limit)
                .query((rs, n) -> new Due(rs.getString("id"), rs.getString("event_id"), rs.getString("endpoint_id"),
                        rs.getInt("attempts"), rs.getString(5)))
                .list();
    }

    void recordAttempt(String deliveryId, Integer status, long latencyMillis, String error) {
        jdbc.sql("insert into delivery_attempts (delivery_id, status, latency_ms, error) values (?, ?, ?, ?)")
                .params(deliveryId, status, (int) latencyMillis, error).update();
    }

    void succeeded(String id, int status) {
        jdbc.sql("update event_deliveries set status = 'succeeded', last_status = ?, last_error = null, completed_at = now() where id = ?")
                .params(status, id).update();
    }

    void retryAt(String id, Integer status, String error, Instant next) {
        jdbc.sql("update event_deliveries set last_status = ?, last_error = ?, next_attempt_at = ? where id = ?")
                .params(status, error, Timestamp.from(next), id).update();
    }

    void failed(String id, Integer status, String error) {
        jdbc.sql("update event_deliveries set status = 'failed', last_status = ?, last_error = ?, completed_at = now() where id = ?")
                .params(status, error, id).update();
    }

    /** Queues a delivery again (merchant or operator asked): a fresh round of retries. */
    boolean redeliver(String merchantId, String id) {
        return jdbc.sql("""
                update event_deliveries d set status = 'pending', attempts = 0, next_attempt_at = now(), completed_at = null
                from webhook_endpoints e
                where d.id = ? and d.endpoint_id = e.id and e.merchant_id = ?""")
                .params(id, merchantId).update() == 1;
    }

    /** An operator's redelivery: any merchant's delivery. */
    boolean redeliverAny(String id) {
        return jdbc.sql("""
                update event_deliveries set status = 'pending', attempts = 0, next_attempt_at = now(), completed_at = null
                where id = ?""").param(id).update() == 1;
    }

    List<Map<String, Object>> ofEndpoint(String endpointId) {
        return jdbc.sql("""
                select d.id, d.event_id, d.status, d.attempts, d.last_status, d.last_error, d.created_at,
                       (select json_agg(json_build_object('status', a.status, 'latency_ms', a.latency_ms, 'error', a.error,
                                        'attempted', extract(epoch from a.attempted_at)::bigint) order by a.id)
                        from delivery_attempts a where a.delivery_id = d.id)::text as attempt_log
                from event_deliveries d where d.endpoint_id = ? order by d.created_at desc limit 100""")
                .param(endpointId)
                .query((rs, n) -> {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("id", rs.getString("id"));
                    json.put("object", "event_delivery");
                    json.put("event", rs.getString("event_id"));
                    json.put("status", rs.getString("status"));
                    json.put("attempts", rs.getInt("attempts"));
                    json.put("last_status", rs.getObject("last_status"));
                    json.put("last_error", rs.getString("last_error"));
                    json.put("created", rs.getTimestamp("created_at").toInstant().getEpochSecond());
                    json.put("attempt_log", rs.getString("attempt_log"));
                    return json;
                }).list();
    }
}
