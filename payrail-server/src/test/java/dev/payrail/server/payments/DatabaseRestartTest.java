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
import java.util.Map;
import java.util.Optional;

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

        PaymentsUnderFaults.PayingClients clients = new PaymentsUnderFaults.PayingClients(4, "restart-", payrail::url, secret);
        clients.awaitAnswered("payments before the restart", 4, Duration.ofSeconds(60));
        int answeredBefore = clients.answered.size();
        database.close();                          // pg_ctl stop -m fast
        Thread.sleep(8_000);                       // the outage: longer than the pool's connection timeout (5 s)
        database = EmbeddedPostgresLauncher.startPersistent(pgData, pgPort);
        clients.awaitAnswered("payments after the restart: Payrail reconnected", answeredBefore + 8, Duration.ofSeconds(60));
        clients.stop();

        assertThat(payrail.process().isAlive()).as("Payrail rode out the restart").isTrue();
        assertThat(clients.notAnswered).as("requests caught by the outage").isNotEmpty();
        for (HttpResponse<String> refused : clients.notAnswered) {
            JsonNode error = JSON.readTree(refused.body()).path("error");
            assertThat(refused.statusCode()).as(refused.body()).isIn(503, 409);
            assertThat(error.path("type").asString()).as(refused.body()).isNotEmpty();
            assertThat(error.path("code").asString()).as(refused.body())
                    .isIn("database_unavailable", "idempotency_key_in_use");
        }
        assertThat(clients.notAnswered).as("a database outage is named as such")
                .anySatisfy(r -> assertThat(r.body()).contains("database_unavailable"));
        PaymentsUnderFaults.assertInvariants(JdbcClient.create(database.getPostgresDatabase()), provider, clients.answered,
                clients.issued.get(), new ApiClient(payrail.url(), PayrailProcess.ADMIN_TOKEN));
    }
}
