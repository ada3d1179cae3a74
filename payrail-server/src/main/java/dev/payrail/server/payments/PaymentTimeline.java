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
 * The append-only timeline of each payment. Every row is written in the transaction of the change it
 * records; the database refuses UPDATE and DELETE on it.
 */
@Repository
class PaymentTimeline {

    /** One entry: what happened, the status move if any, and who or what caused it. */
    record Entry(String id, String paymentId, String type, String fromStatus, String toStatus, String actor,
                 Map<String, Object> data, Instant created) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    PaymentTimeline(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void append(Payment payment, String type, PaymentStatus from, String actor, Map<String, Object> data) {
        PaymentStatus to = payment.state.status();
        jdbc.sql("""
                insert into payment_events (id, merchant_id, payment_id, type, from_status, to_status, actor, data)
                values (?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")
                .params(Ids.newId("evt"), payment.merchantId, payment.id, type,
                        from == null ? null : from.wireName(), to.wireName(), actor, json.writeValueAsString(data))
                .update();
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
