package dev.payrail.server.risk;

import dev.payrail.core.cards.CardNumber;
import dev.payrail.server.database.EmbeddedPostgresLauncher;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.PayrailProcess;
import dev.payrail.sim.ProviderSimulator;
import dev.payrail.sim.SimulatorSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The velocity counters are shared by every process on one database and survive a restart: a card tester's address
 * spread over two Payrail processes is counted once, and its tenth card is blocked by either once the log has carried
 * each process's attempts to the other (within about 0.3 s: decision 0013); after one process is killed and another
 * started, the count is still there, read back from the log before the new process serves.
 */
class RiskAcrossProcessesTest {
    @TempDir
    Path data;

    private EmbeddedPostgres database;
    private ProviderSimulator provider;
    private final List<PayrailProcess> instances = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        instances.forEach(instance -> instance.process().destroyForcibly());
        if (provider != null) {
            provider.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private PayrailProcess start(int n) throws Exception {
        PayrailProcess instance = PayrailProcess.start(database.getJdbcUrl("postgres", "postgres"), data,
                data.resolve("payrail-" + n + ".log"), List.of("--payrail.providers.simulator.base-url=" + provider.baseUrl()));
        instances.add(instance);
        return instance;
    }

    /** A tester's guess (a BIN never issued) from one address: the decline code, the issuer's or Payrail's "blocked". */
    private static String pay(ApiClient client, int card) {
        return client.post("/v1/payments", "{\"amount\": 100, \"currency\": \"usd\", \"confirm\": true, \"card\": {\"number\": \""
                + CardNumber.withCheckDigit(String.format("400099%09d", card)) + "\", \"exp_month\": 12, \"exp_year\": 2034, "
                + "\"cvc\": \"123\"}, \"customer_details\": {\"ip_address\": \"203.0.113.50\"}}", "tester-" + UUID.randomUUID())
                .body().path("error").path("decline_code").asString();
    }

    @Test
    void two_processes_count_one_address_together_and_a_restart_forgets_nothing() throws Exception {
        database = EmbeddedPostgresLauncher.startThrowaway();
        provider = ProviderSimulator.startOnLoopback(SimulatorSettings.defaults());
        PayrailProcess first = start(0);
        PayrailProcess second = start(1);
        String secret = new ApiClient(first.url(), PayrailProcess.ADMIN_TOKEN).post("/v1/admin/merchants",
                "{\"name\": \"Card testing target\"}").body().path("api_key").path("secret").asString();
        ApiClient one = new ApiClient(first.url(), secret);
        ApiClient two = new ApiClient(second.url(), secret);

        for (int card = 1; card <= 9; card++) {
            assertThat(pay(card % 2 == 0 ? two : one, card)).as("card %d reached the issuer", card).isEqualTo("incorrect_number");
        }
        // nine cards declined, five through one process and four through the other: once each has read the other's
        // from the log (flushed every 100 ms, followed every 200 ms; waited for here with room for a loaded machine),
        // the tenth is refused by either, before any provider call
        Thread.sleep(2_000);
        assertThat(pay(two, 10)).isEqualTo("blocked");
        assertThat(pay(one, 11)).isEqualTo("blocked");

        first.process().destroyForcibly().waitFor();
        PayrailProcess restarted = start(2);
        assertThat(pay(new ApiClient(restarted.url(), secret), 12)).as("counted before the restart").isEqualTo("blocked");
        assertThat(provider.executedCharges()).as("nothing was charged").isZero();
    }
}
