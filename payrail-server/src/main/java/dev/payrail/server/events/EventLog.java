package dev.payrail.server.events;

import dev.payrail.server.PayrailProperties;
import dev.payrail.server.api.Ids;
import dev.payrail.server.ops.TraceHeaders;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The append-only event log ({@code payment_events}) and its transactional outbox: every row is written in the
 * transaction of the change it records (the database refuses UPDATE and DELETE on it). A payment's timeline
 * row of a public type, and every event about another object, carries the object as it became and the next
 * number in its object's sequence: those are the events merchants receive. A public event and its queue rows
 * (one delivery per subscribed endpoint, and the Kafka row when enabled) are one statement: a crash after
 * the commit delays them, never loses them.
 */
@Repository
public class EventLog {

    /** Every event type a merchant can receive; docs/events/ holds a JSON Schema for each. */
    public static final Set<String> TYPES = Set.of("payment.created", "payment.processing",
            "payment.requires_action", "payment.requires_payment_method", "payment.retry_scheduled", "payment.requires_capture", "payment.succeeded",
            "payment.failed", "payment.canceled", "payment.debit_returned", "refund.created",
            "refund.succeeded", "refund.failed", "dispute.created", "dispute.updated", "dispute.closed",
            "payout.created", "payout.paid", "payout.failed", "payout.canceled", "webhook_endpoint.disabled",
            "checkout.session.completed", "checkout.session.expired", "customer.created", "customer.updated",
            "customer.deleted", "review.opened", "review.closed", "early_fraud_warning.created", "early_fraud_warning.updated", "payment_method.attached", "payment_method.detached", "payment_method.updated", "setup_intent.created",
            "setup_intent.requires_action", "setup_intent.succeeded", "setup_intent.setup_failed", "setup_intent.canceled",
            "mandate.created", "mandate.updated");
    /** The version of the event shapes; it changes only with a documented migration in docs/events.md. */
    public static final String API_VERSION = "2026-12-06";

    /** One row of a payment's timeline: what happened, the status move if any, and who or what caused it. */
    public record TimelineEntry(String id, String paymentId, String type, String fromStatus, String toStatus, String actor,
                                Map<String, Object> data, Instant created) {
    }

    /**
     * Deliveries were queued in the current transaction: once it commits, the delivery worker starts on
     * them instead of waiting for its next poll (which still finds whatever this signal misses).
     */
    public record DeliveriesQueued() {
    }

    /**
     * The queue rows of the public event inserted by the statement's {@code e} CTE: a delivery per endpoint of the
     * merchant subscribed to the type (through the view {@code events_endpoint_subscriptions}), and the Kafka row.
     */
    private static final String QUEUED = """
            , k as (insert into kafka_outbox (event_id, event_seq) select id, seq from e where ?)
            insert into event_deliveries (id, event_id, endpoint_id, status)
            select 'del_' || md5(e.id || s.endpoint_id), e.id, s.endpoint_id, 'pending'
            from e join events_endpoint_subscriptions s on s.merchant_id = ?
            where s.enabled_events @> array['*']::text[] or s.enabled_events @> array[?::text]""";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final boolean kafkaEnabled;
    private final TraceHeaders traces;
    private final ApplicationEventPublisher publisher;

    EventLog(JdbcClient jdbc, JsonMapper json, PayrailProperties properties, TraceHeaders traces,
             ApplicationEventPublisher publisher) {
        this.traces = traces;
        this.publisher = publisher;
        this.jdbc = jdbc;
        this.json = json;
        this.kafkaEnabled = properties.kafka().enabled();
    }

    /**
     * Appends a row to a payment's timeline, in the caller's transaction. With {@code object} (a public type) it
     * is an event: numbered next in the payment's sequence and queued in the same statement.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String appendPaymentEvent(String merchantId, String paymentId, String type, String fromStatus, String toStatus,
                                     String actor, Map<String, Object> data, Map<String, Object> object) {
        String eventId = Ids.newId("evt");
        String insert = """
                insert into payment_events (id, merchant_id, payment_id, type, from_status, to_status, actor, data,
                                            object_seq, api_version, object, traceparent)
                values (?, ?, ?, ?, ?, ?, ?, ?::jsonb,
                        case when ?::text is null then null
                             else (select coalesce(max(object_seq), 0) + 1 from payment_events where payment_id = ?) end,
                        ?, ?::json, ?)""";
        String objectJson = object == null ? null : json.writeValueAsString(object);
        Object[] row = {eventId, merchantId, paymentId, type, fromStatus, toStatus, actor, json.writeValueAsString(data),
                objectJson, paymentId, object == null ? null : API_VERSION, objectJson, traces.current()};
        if (object == null) {
            jdbc.sql(insert).params(row).update();
        } else {
            requirePublic(type);
            queued(jdbc.sql("with e as (" + insert + " returning id, seq)" + QUEUED).params(row)
                    .params(kafkaEnabled, merchantId, type).update());
        }
        return eventId;
    }

    /**
     * Appends a public event about an object that is not a payment itself. With {@code paymentId} (a
     * dispute of that payment) it takes the next number in the payment's sequence, like a refund's event;
     * without (an endpoint, a payout) the object has a sequence of its own. Queued like any other; runs in the
     * caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String appendObjectEvent(String merchantId, String paymentId, String type, String actor, Map<String, Object> object) {
        requirePublic(type);
        String eventId = Ids.newId("evt");
        String objectJson = json.writeValueAsString(object);
        queued(jdbc.sql("""
                with e as (
                insert into payment_events (id, merchant_id, payment_id, type, actor, object_seq, api_version, object,
                                            traceparent)
                values (?, ?, ?, ?, ?,
                        case when ?::text is not null
                             then (select coalesce(max(object_seq), 0) + 1 from payment_events where payment_id = ?)
                             else (select coalesce(max(object_seq), 0) + 1 from payment_events
                                   where payment_id is null and object->>'id' = ?::jsonb->>'id') end,
                        ?, ?::json, ?) returning id, seq)""" + QUEUED)
                .params(eventId, merchantId, paymentId, type, actor, paymentId, paymentId, objectJson,
                        API_VERSION, objectJson, traces.current())
                .params(kafkaEnabled, merchantId, type)
                .update());
        return eventId;
    }

    /** A payment's timeline, oldest first. */
    public List<TimelineEntry> timeline(String paymentId) {
        return jdbc.sql("""
                select id, payment_id, type, from_status, to_status, actor, data, created_at
                from payment_events where payment_id = ? order by seq""")
                .param(paymentId)
                .query((rs, n) -> new TimelineEntry(rs.getString("id"), rs.getString("payment_id"), rs.getString("type"),
                        rs.getString("from_status"), rs.getString("to_status"), rs.getString("actor"),
                        json.readValue(rs.getString("data"), new TypeReference<Map<String, Object>>() {
                        }),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    private static void requirePublic(String type) {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("not a public event type: " + type);
        }
    }

    private void queued(int deliveries) {
        if (deliveries > 0) {
            publisher.publishEvent(new DeliveriesQueued());     // heard after the commit, by the delivery worker
        }
    }
}
