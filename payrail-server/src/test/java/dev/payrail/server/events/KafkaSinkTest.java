package dev.payrail.server.events;

import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.Eventually;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka sink against a real broker, started in this JVM in KRaft mode. When the broker cannot start
 * here, the class is skipped with the reason (a visible abort, not a pass).
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KafkaSinkTest extends ApiTest {
    private static final String TOPIC = "payrail.events.test";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static EmbeddedKafkaKraftBroker broker;

    @Autowired
    TransactionTemplate transactions;

    @BeforeAll
    static void startBroker() {
        try {
            broker = new EmbeddedKafkaKraftBroker(1, 3, TOPIC);
            broker.afterPropertiesSet();
        } catch (RuntimeException | LinkageError e) {
            broker = null;
            Assumptions.abort("skipped: an in-process Kafka broker could not start here: " + e);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.destroy();
        }
    }

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("payrail.kafka.enabled", () -> "true");
        registry.add("payrail.kafka.topic", () -> TOPIC);
        registry.add("payrail.kafka.relay-interval", () -> "50ms");
        registry.add("payrail.kafka.bootstrap-servers", () -> broker == null ? "127.0.0.1:9" : broker.getBrokersAsString());
    }

    @Test
    void every_public_event_is_published_once_keyed_by_payment_in_order() {
        String captured = api.post("/v1/payments", payment(1500, "usd", "manual", VISA)).text("id");
        api.post("/v1/payments/" + captured + "/capture", "{}");
        api.post("/v1/refunds", "{\"payment\": \"" + captured + "\", \"amount\": 500}");
        String declined = api.post("/v1/payments", payment(900, "eur", "automatic", "4000000000009995"))
                .body().path("error").path("payment").asString();
        String automatic = api.post("/v1/payments", payment(300, "jpy", "automatic", VISA)).text("id");

        List<String> expected = new ArrayList<>();
        for (String payment : List.of(captured, declined, automatic)) {
            expected.addAll(publicEventIds(payment));
        }
        List<ConsumerRecord<String, String>> records = consume(record -> expected.contains(id(record)), expected.size());

        assertThat(records).extracting(KafkaSinkTest::id).containsExactlyInAnyOrderElementsOf(expected);
        for (String payment : List.of(captured, declined, automatic)) {
            List<ConsumerRecord<String, String>> ofPayment = records.stream().filter(r -> payment.equals(r.key())).toList();
            assertThat(ofPayment).extracting(KafkaSinkTest::id).as("events of %s in commit order", payment)
                    .containsExactlyElementsOf(publicEventIds(payment));
            assertThat(ofPayment).extracting(r -> r.partition()).as("one partition per payment").containsOnly(ofPayment.get(0).partition());
            assertThat(ofPayment).extracting(r -> JSON.readTree(r.value()).path("sequence").asInt())
                    .isSorted().doesNotHaveDuplicates();
        }
        ConsumerRecord<String, String> first = records.get(0);
        JsonNode envelope = JSON.readTree(first.value());
        assertThat(envelope.path("object").asString()).isEqualTo("event");
        assertThat(envelope.path("data").path("object").isObject()).isTrue();
        assertThat(new String(first.headers().lastHeader("payrail-event-type").value(), StandardCharsets.UTF_8))
                .isEqualTo(envelope.path("type").asString());
        Eventually.await("the Kafka queue to drain", Duration.ofSeconds(10), () ->
                queued(expected) == 0 ? Optional.of(true) : Optional.empty());
    }

    @Test
    void events_wait_in_the_outbox_while_they_cannot_be_published_and_go_out_afterwards() throws Exception {
        // Another relay holding the lock stands for "this instance cannot publish now": the events must stay
        // queued in the database, committed with their payments, and go out once publishing resumes.
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread otherRelay = new Thread(() -> transactions.executeWithoutResult(status -> {
            jdbc.sql("select count(*) from (select pg_advisory_xact_lock(?)) as taken").param(0x6b61666b61L).query(Long.class).single();
            locked.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        otherRelay.start();
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
        List<String> expected;
        try {
            String payment = api.post("/v1/payments", payment(2500, "gbp", "automatic", VISA)).text("id");
            expected = publicEventIds(payment);
            Thread.sleep(500); // ten relay rounds
            assertThat(queued(expected)).as("queued while the relay cannot publish").isEqualTo(expected.size());
        } finally {
            release.countDown();
            otherRelay.join(10_000);
        }

        List<ConsumerRecord<String, String>> records = consume(record -> expected.contains(id(record)), expected.size());

        assertThat(records).extracting(KafkaSinkTest::id).containsExactlyElementsOf(expected);
        Eventually.await("the Kafka queue to drain", Duration.ofSeconds(10), () ->
                queued(expected) == 0 ? Optional.of(true) : Optional.empty());
    }

    private List<String> publicEventIds(String paymentId) {
        return jdbc.sql("select id from payment_events where payment_id = ? and object is not null order by seq")
                .param(paymentId).query(String.class).list();
    }

    private long queued(List<String> eventIds) {
        return jdbc.sql("select count(*) from kafka_outbox where event_id = any(?)")
                .param(eventIds.toArray(String[]::new)).query(Long.class).single();
    }

    private static String id(ConsumerRecord<String, String> record) {
        return new String(record.headers().lastHeader("payrail-event-id").value(), StandardCharsets.UTF_8);
    }

    /** Reads the topic from the start until {@code count} matching records arrived (or 30 s passed). */
    private static List<ConsumerRecord<String, String>> consume(java.util.function.Predicate<ConsumerRecord<String, String>> wanted,
                                                                int count) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> matching = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (matching.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.test(record)) {
                        matching.add(record);
                    }
                }
            }
            // a little longer, to catch a duplicate that would arrive after the last expected record
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                if (wanted.test(record)) {
                    matching.add(record);
                }
            }
        }
        return matching;
    }
}
