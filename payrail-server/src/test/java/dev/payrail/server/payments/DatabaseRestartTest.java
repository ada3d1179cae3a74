package dev.payrail.server.payments;

import dev.payrail.server.database.EmbeddedPostgresLauncher;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.Eventually;
import dev.payrail.server.support.PayrailProcess;
import dev.payrail.sim.ProviderSimulator;
import dev.payrail.sim.SimulatorSettings;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stopped (fast shutdown: open transactions abort, connections drop) and started again while
 * clients pay through a Payrail process that stays up. Requests caught by the outage are answered with a
 * JSON error (a 503 to retry, or a 409 while the key they left behind is recovered) and leave nothing half
 * done; Payrail reconnects by itself; every client's retry, with the same key, ends with one payment; and
 * the invariants of the crash test hold.
 */
class DatabaseRestartTest extends ChildProcessTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void a_database_restart_under_load_loses_and_duplicates_nothing() throws Exception {
        Path pgData = data.resolve("pg");
        int pgPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            pgPort = probe.getLocalPort();
        }
        database = EmbeddedPostgresLauncher.startPersistent(pgData, pgPort);
        provider = ProviderSimulator.startOnLoopback(SimulatorSettings.defaults());
        payrail = PayrailProcess.start(database.getJdbcUrl("postgres", "postgres"), data,
                data.resolve("payrail-db-restart.log"), PaymentsUnderFaults.quickRecovery(provider));
        String secret = new ApiClient(payrail.url(), PayrailProcess.ADMIN_TOKEN).post("/v1/admin/merchants",
                "{\"name\": \"Restart merchant\"}").body().path("api_key").path("secret").asString();

        Map<String, String> answered = new ConcurrentHashMap<>();
        List<HttpResponse<String>> notAnswered = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger issued = new AtomicInteger();
        AtomicBoolean paying = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<Object>> running = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            running.add(clients.submit(() -> {
                while (paying.get()) {
                    String key = "restart-" + issued.incrementAndGet();
                    answered.put(key, PaymentsUnderFaults.payUntilAnswered(payrail::url, secret, key, notAnswered::add));
                }
                return null;
            }));
        }
        Eventually.await("payments before the restart", Duration.ofSeconds(60),
                () -> answered.size() >= 4 ? Optional.of(true) : Optional.empty());
        int answeredBefore = answered.size();
        database.close();                          // pg_ctl stop -m fast
        Thread.sleep(8_000);                       // the outage: longer than the pool's connection timeout (5 s)
        database = EmbeddedPostgresLauncher.startPersistent(pgData, pgPort);
        Eventually.await("payments after the restart: Payrail reconnected", Duration.ofSeconds(60),
                () -> answered.size() >= answeredBefore + 8 ? Optional.of(true) : Optional.empty());
        paying.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(180, TimeUnit.SECONDS)).as("every client got its answers").isTrue();
        for (Future<Object> client : running) {
            client.get();
        }

        assertThat(payrail.process().isAlive()).as("Payrail rode out the restart").isTrue();
        assertThat(notAnswered).as("requests caught by the outage").isNotEmpty();
        for (HttpResponse<String> refused : notAnswered) {
            JsonNode error = JSON.readTree(refused.body()).path("error");
            assertThat(refused.statusCode()).as(refused.body()).isIn(503, 409);
            assertThat(error.path("type").asString()).as(refused.body()).isNotEmpty();
            assertThat(error.path("code").asString()).as(refused.body())
                    .isIn("database_unavailable", "idempotency_key_in_use");
        }
        assertThat(notAnswered).as("a database outage is named as such")
                .anySatisfy(r -> assertThat(r.body()).contains("database_unavailable"));
        PaymentsUnderFaults.assertInvariants(JdbcClient.create(database.getPostgresDatabase()), provider, answered,
                issued.get(), new ApiClient(payrail.url(), PayrailProcess.ADMIN_TOKEN));
    }
}
