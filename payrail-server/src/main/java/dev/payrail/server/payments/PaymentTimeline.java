package dev.payrail.server.payments;

import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.server.api.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The append-only timeline of each payment, and the transactional outbox: every row is written in the
 * transaction of the change it records, and the database refuses UPDATE and DELETE on it. Rows of a
 * public type ({@link #PUBLIC_TYPES}) also carry the object as it became and a per-object sequence
 * number: they are the events merchants receive.
 */
@Repository
class PaymentTimeline {

    /** One entry: what happened, the status move if any, and who or what caused it. */
    record Entry(String id, String paymentId, String type, String fromStatus, String toStatus, String actor,
                 Map<String, Object> data, Instant created) {
    }

    /** The timeline types merchants see; the others (attempts, failovers, unknown outcomes) are internal. */
    static final java.util.Set<String> PUBLIC_TYPES = EventOutbox.TYPES;
    /** The version of the event shapes; it changes only with a documented migration in docs/events.md. */
    static final String API_VERSION = "2026-11-25";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final RefundRepository refunds;
    private final EventOutbox outbox;

    PaymentTimeline(JdbcClient jdbc, JsonMapper json, RefundRepository refunds, EventOutbox outbox) {
        this.jdbc = jdbc;
        this.json = json;
        this.refunds = refunds;
        this.outbox = outbox;
    }

    void append(Payment payment, String type, PaymentStatus from, String actor, Map<String, Object> data) {
        PaymentStatus to = payment.state.status();
        String object = null;
        if (PUBLIC_TYPES.contains(type)) {
            object = json.writeValueAsString(type.startsWith("refund.")
                    ? PaymentJson.refund(refunds.get((String) data.get("refund"))) : PaymentJson.payment(payment));
        }
        String eventId = Ids.newId("evt");
        jdbc.sql("""
                insert into payment_events (id, merchant_id, payment_id, type, from_status, to_status, actor, data,
                                            object_seq, api_version, object, traceparent)
                values (?, ?, ?, ?, ?, ?, ?, ?::jsonb,
                        case when ?::text is null then null
                             else (select coalesce(max(object_seq), 0) + 1 from payment_events where payment_id = ?) end,
                        ?, ?::json, ?)""")
                .params(eventId, payment.merchantId, payment.id, type,
                        from == null ? null : from.wireName(), to.wireName(), actor, json.writeValueAsString(data),
                        object, payment.id, object == null ? null : API_VERSION, object, outbox.traceparent())
                .update();
        if (object != null) {
            // The deliveries commit with the event: a crash after commit delays them, never loses them.
            outbox.queue(eventId, payment.merchantId, type);
        }
    }

    List<Entry> of(String paymentId) {
        return jdbc.sql("""
                select id, payment_id, type, from_status, to_status, actor, data, created_at
                from payment_events where payment_id = ? order by seq""")
                .param(paymentId)
                .query((rs, n) -> new Entry(rs.getString("id"), rs.getString("payment_id"), rs.getString("type"),
                        rs.getString("from_status"), rs.getString("to_status"), rs.getString("actor"),
                        json.readValue(rs.getString("data"), new TypeReference<Map<String, Object>>() {
                        }),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }
}
