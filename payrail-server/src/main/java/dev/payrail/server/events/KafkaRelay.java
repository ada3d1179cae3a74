package dev.payrail.server.events;

import dev.payrail.server.PayrailProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes public events to Kafka from the {@code kafka_outbox} table, oldest first, keyed by payment id so
 * that the events of one payment stay in one partition in order (events about other objects, such as
 * endpoints, are keyed by that object's id). A row is deleted only after the broker
 * acknowledged it (acks=all), so a crash or a broker outage delays events but never loses them; a crash
 * between acknowledgement and delete publishes an event again, which consumers drop by its {@code id}.
 * One relay runs at a time across all instances (a transaction-scoped advisory lock): two relays would
 * interleave the events of a payment.
 */
@Component
@ConditionalOnProperty(name = "payrail.kafka.enabled", havingValue = "true")
class KafkaRelay implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(KafkaRelay.class);
    /** Advisory lock key of the relay: "kafka" in ASCII. */
    private static final long RELAY_LOCK = 0x6b61666b61L;
    private static final Duration ACK_WAIT = Duration.ofSeconds(30);

    private record Pending(String eventId, String key) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final PublicEvents events;
    private final JsonMapper json;
    private final PayrailProperties.Kafka settings;
    private final Producer<String, byte[]> producer;
    private final Counter published;
    private final Counter failures;

    KafkaRelay(JdbcClient jdbc, TransactionTemplate transactions, PublicEvents events, JsonMapper json,
               PayrailProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.json = json;
        this.settings = properties.kafka();
        this.producer = new KafkaProducer<>(producerConfig(settings));
        this.published = meters.counter("payrail.kafka.published");
        this.failures = meters.counter("payrail.kafka.failures");
        meters.gauge("payrail.kafka.backlog", this, relay -> relay.backlog());
    }

    /**
     * The producer settings. Idempotence, acks=all and at most five requests in flight are what keep a
     * retried send from duplicating or reordering a partition; they win over anything configured.
     */
    static Map<String, Object> producerConfig(PayrailProperties.Kafka settings) {
        Map<String, Object> config = new HashMap<>(settings.producer());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "payrail-events");
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return config;
    }

    @Scheduled(fixedDelayString = "${payrail.kafka.relay-interval}")
    void relay() {
        try {
            Integer sent;
            do {
                sent = transactions.execute(status -> publishBatch());
            } while (sent != null && sent == settings.batchSize());
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("publishing events to Kafka failed; they stay queued and are retried: {}", e.toString());
        }
    }

    /** Publishes one batch and deletes what the broker acknowledged; returns how many were published. */
    private int publishBatch() {
        boolean leader = jdbc.sql("select pg_try_advisory_xact_lock(?)").param(RELAY_LOCK).query(Boolean.class).single();
        if (!leader) {
            return 0;
        }
        List<Pending> batch = jdbc.sql("""
                        select o.event_id, coalesce(e.payment_id, e.object->>'id') as object_key from kafka_outbox o join payment_events e on e.id = o.event_id
                        order by o.event_seq limit ?""")
                .param(settings.batchSize())
                .query((rs, n) -> new Pending(rs.getString("event_id"), rs.getString("object_key")))
                .list();
        List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            Optional<Map<String, Object>> envelope = events.envelope(pending.eventId());
            if (envelope.isEmpty()) {
                throw new IllegalStateException("queued event " + pending.eventId() + " is not a public event");
            }
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(settings.topic(), pending.key(),
                    json.writeValueAsBytes(envelope.get()));
            record.headers().add("payrail-event-id", pending.eventId().getBytes(StandardCharsets.UTF_8));
            record.headers().add("payrail-event-type", ((String) envelope.get().get("type")).getBytes(StandardCharsets.UTF_8));
            sends.add(producer.send(record));
        }
        List<String> acknowledged = new ArrayList<>(batch.size());
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(ACK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                acknowledged.add(batch.get(i).eventId());
            } catch (ExecutionException | TimeoutException e) {
                // Later sends to the same partition fail with this one; those that were acknowledged are
                // dequeued, the rest are retried next round.
                failures.increment();
                log.warn("Kafka did not acknowledge event {}: {}", batch.get(i).eventId(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!acknowledged.isEmpty()) {
            jdbc.sql("delete from kafka_outbox where event_id = any(?)")
                    .param(acknowledged.toArray(String[]::new)).update();
        }
        published.increment(acknowledged.size());
        return acknowledged.size() == batch.size() ? batch.size() : 0;
    }

    private double backlog() {
        return jdbc.sql("select count(*) from kafka_outbox").query(Long.class).single();
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(5));
    }
}
