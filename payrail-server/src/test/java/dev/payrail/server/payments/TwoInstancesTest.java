package dev.payrail.server.payments;

import dev.payrail.server.database.EmbeddedPostgresLauncher;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.Eventually;
import dev.payrail.server.support.PayrailProcess;
import dev.payrail.sim.ProviderSimulator;
import dev.payrail.sim.SimulatorSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Payrail processes on one database and one provider, a client sending every payment to both at once
 * with the same Idempotency-Key: each payment is created and charged once, both processes answer with it,
 * and the background jobs that both run (resolver, settlement, delivery, sweeper) neither double-post nor fail.
 */
class TwoInstancesTest {
    private static final int PAYMENTS = 40;

    @TempDir
    Path data;

    private EmbeddedPostgres database;
    private ProviderSimulator provider;
    private final List<PayrailProcess> instances = new ArrayList<>();

    @BeforeEach
    void startDatabaseProviderAndTwoInstances() throws Exception {
        database = EmbeddedPostgresLauncher.startThrowaway();
        provider = ProviderSimulator.startOnLoopback(SimulatorSettings.defaults());
        for (int i = 0; i < 2; i++) {
            instances.add(PayrailProcess.start(database.getJdbcUrl("postgres", "postgres"), data,
                    data.resolve("payrail-" + i + ".log"), List.of(
                            "--payrail.providers.simulator.base-url=" + provider.baseUrl(),
                            "--payrail.ledger.settlement-delay.default=0s",
                            "--payrail.ledger.settlement-interval=200ms",
                            "--payrail.resolver.interval=200ms",
                            "--payrail.deliveries.worker-interval=100ms",
                            "--payrail.log.format=json")));
        }
    }

    @AfterEach
    void stopEverything() throws Exception {
        instances.forEach(instance -> instance.process().destroyForcibly());
        provider.close();
        database.close();
    }

    @Test
    void the_same_request_sent_to_both_instances_charges_once_and_jobs_do_not_double_run() throws Exception {
        ApiClient admin = new ApiClient(instances.get(0).url(), PayrailProcess.ADMIN_TOKEN);
        String secret = admin.post("/v1/admin/merchants", "{\"name\": \"Two instances\"}").body().path("api_key")
                .path("secret").asString();
        List<ApiClient> clients = instances.stream().map(instance -> new ApiClient(instance.url(), secret)).toList();
        clients.get(1).post("/v1/webhook_endpoints", "{\"url\": \"http://127.0.0.1:9/hooks\"}");

        ExecutorService threads = Executors.newFixedThreadPool(16);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < PAYMENTS; i++) {
            String key = "order-" + UUID.randomUUID();
            String body = "{\"amount\": " + (1_000 + i) + ", \"currency\": \"usd\", \"confirm\": true, \"card\": "
                    + "{\"number\": \"4242424242424242\", \"exp_month\": 12, \"exp_year\": 2034, \"cvc\": \"123\"}}";
            for (ApiClient client : clients) {
                answers.add(threads.submit(() -> payOnce(client, key, body) + " " + key));
            }
        }
        List<String> results = new ArrayList<>();
        for (Future<String> answer : answers) {
            results.add(answer.get());
        }
        threads.shutdown();

        // both instances answered each key with the same payment
        for (int i = 0; i < results.size(); i += 2) {
            assertThat(results.get(i)).as("key %d", i / 2).isEqualTo(results.get(i + 1));
        }
        JdbcClient jdbc = JdbcClient.create(database.getPostgresDatabase());
        assertThat(jdbc.sql("select count(*) from payments where status = 'succeeded'").query(Long.class).single())
                .isEqualTo(PAYMENTS);
        assertThat(provider.executedCharges()).as("charges at the provider").isEqualTo(PAYMENTS);

        // both settlement runs raced over the same captures: each settled once, the ledger balances
        Eventually.await("every capture settled", Duration.ofSeconds(30), () ->
                jdbc.sql("select count(*) from journal_entries where event = 'settlement'").query(Long.class).single() == PAYMENTS
                        ? Optional.of(true) : Optional.empty());
        assertThat(jdbc.sql("""
                        select count(*) from (select payment_id from payment_events where type = 'payment.succeeded'
                                              group by payment_id having count(*) > 1) twice""")
                .query(Long.class).single()).as("payments announced twice").isZero();
        assertThat(jdbc.sql("select count(*) from (select event_id from event_deliveries group by event_id, endpoint_id "
                + "having count(*) > 1) twice").query(Long.class).single()).as("deliveries queued twice").isZero();
        assertThat(admin.get("/v1/admin/ledger/check").body().path("ok").booleanValue()).isTrue();
        for (int i = 0; i < instances.size(); i++) {
            String log = Files.readString(data.resolve("payrail-" + i + ".log"));
            assertThat(log).as("instance %d logged no error", i).doesNotContain("\"level\":\"ERROR\"");
        }
    }

    /** Sends the request until it has an answer: 409 means the other instance is running it right now. */
    private static String payOnce(ApiClient client, String key, String body) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            ApiClient.Response response = client.post("/v1/payments", body, key);
            if (response.status() == 200) {
                return response.text("id");
            }
            assertThat(response.errorCode()).as(response.body().toString()).isEqualTo("idempotency_key_in_use");
            Thread.sleep(50);
        }
        throw new AssertionError("no answer for " + key);
    }
}
