package dev.payrail.server.payments;

import dev.payrail.server.PayrailProperties;
import dev.payrail.server.api.Ids;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import dev.payrail.server.ops.TraceHeaders;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.Set;

/**
 * The outgoing side of every public event: the deliveries to the merchant's subscribed endpoints and the
 * Kafka queue row, written in the transaction of the event itself. Payment and refund events come through
 * {@link PaymentTimeline}; events about other objects (endpoints) are appended here directly.
 */
@Repository
public class EventOutbox {

    /** Every event type a merchant can receive; docs/events/ holds a JSON Schema for each. */
    public static final Set<String> TYPES = Set.of("payment.created", "payment.processing",
            "payment.requires_capture", "payment.succeeded", "payment.failed", "payment.canceled", "refund.created",
            "refund.succeeded", "refund.failed", "dispute.created", "dispute.updated", "dispute.closed",
            "payout.created", "payout.paid", "payout.failed", "payout.canceled", "webhook_endpoint.disabled");

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final boolean kafkaEnabled;
    private final TraceHeaders traces;
    private final ApplicationEventPublisher publisher;

    EventOutbox(JdbcClient jdbc, JsonMapper json, PayrailProperties properties, TraceHeaders traces,
                ApplicationEventPublisher publisher) {
        this.traces = traces;
        this.publisher = publisher;
        this.jdbc = jdbc;
        this.json = json;
        this.kafkaEnabled = properties.kafka().enabled();
    }

    /**
     * Appends a public event about an object that is not a payment itself. With {@code paymentId} (a
     * dispute of that payment) it takes the next number in the payment's sequence, like a refund's event;
     * without (an endpoint) the object has a sequence of its own. Queued like any other; runs in the
     * caller's transaction.
     */
    public String appendObjectEvent(String merchantId, String paymentId, String type, String actor, Map<String, Object> object) {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("not a public event type: " + type);
        }
        String eventId = Ids.newId("evt");
        String objectJson = json.writeValueAsString(object);
        jdbc.sql("""
                insert into payment_events (id, merchant_id, payment_id, type, actor, object_seq, api_version, object,
                                            traceparent)
                values (?, ?, ?, ?, ?,
                        case when ?::text is not null
                             then (select coalesce(max(object_seq), 0) + 1 from payment_events where payment_id = ?)
                             else (select coalesce(max(object_seq), 0) + 1 from payment_events
                                   where payment_id is null and object->>'id' = ?::jsonb->>'id') end,
                        ?, ?::json, ?)""")
                .params(eventId, merchantId, paymentId, type, actor, paymentId, paymentId, objectJson,
                        PaymentTimeline.API_VERSION, objectJson, traces.current())
                .update();
        queue(eventId, merchantId, type);
        return eventId;
    }

    /**
     * Deliveries were queued in the current transaction: once it commits, the delivery worker starts on
     * them instead of waiting for its next poll (which still finds whatever this signal misses).
     */
    public record DeliveriesQueued() {
    }

    /** The trace the events written now belong to: their deliveries continue it. */
    String traceparent() {
        return traces.current();
    }

    /** Queues a committed-with-us public event for every endpoint that wants it, and for Kafka if enabled. */
    void queue(String eventId, String merchantId, String type) {
        int deliveries = jdbc.sql("""
                insert into event_deliveries (id, event_id, endpoint_id, status)
                select 'del_' || md5(? || e.id), ?, e.id, 'pending' from webhook_endpoints e
                where e.merchant_id = ? and e.status = 'enabled' and e.deleted_at is null
                  and (e.enabled_events @> array['*']::text[] or e.enabled_events @> array[?::text])""")
                .params(eventId, eventId, merchantId, type)
                .update();
        if (deliveries > 0) {
            publisher.publishEvent(new DeliveriesQueued());     // heard after the commit, by the delivery worker
        }
        if (kafkaEnabled) {
            jdbc.sql("insert into kafka_outbox (event_id, event_seq) select id, seq from payment_events where id = ?")
                    .param(eventId).update();
        }
    }
}
