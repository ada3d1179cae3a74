package dev.payrail.server.payments;

import dev.payrail.server.database.EmbeddedPostgresLauncher;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.PayrailProcess;
import dev.payrail.sim.ProviderSimulator;
import dev.payrail.sim.SimulatorSettings;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payrail killed with SIGKILL at random moments while clients pay, several times, then restarted: clients
 * retry each payment with its Idempotency-Key until they get an answer (as a merchant would), and once the
 * resolver has finished what the kills interrupted, the invariants hold: one payment per key, one charge per
 * approved payment and none for a failed one, the ledger balances, every outcome announced. A key whose
 * request died with its process is recovered (answered from the payment it created, or run again if it created
 * nothing) once it is stale. The database and
 * the provider outlive every kill. {@code -Dpayrail.crash.seed} and {@code -Dpayrail.crash.kills} vary it.
 */
class CrashUnderLoadTest extends ChildProcessTest {

    @Test
    void random_kills_under_load_lose_and_duplicate_nothing() throws Exception {
        long seed = Long.getLong("payrail.crash.seed", 7L);
        int kills = Integer.getInteger("payrail.crash.kills", 3);
        Random random = new Random(seed);
        database = EmbeddedPostgresLauncher.startThrowaway();
        provider = ProviderSimulator.startOnLoopback(SimulatorSettings.defaults());
        payrail = start(0);
        AtomicReference<String> url = new AtomicReference<>(payrail.url());
        String secret = new ApiClient(url.get(), PayrailProcess.ADMIN_TOKEN).post("/v1/admin/merchants",
                "{\"name\": \"Crash merchant\"}").body().path("api_key").path("secret").asString();
        new ApiClient(url.get(), secret).post("/v1/webhook_endpoints", "{\"url\": \"http://127.0.0.1:9/hooks\"}");

        Map<String, String> answered = new ConcurrentHashMap<>();     // idempotency key -> payment id
        AtomicInteger issued = new AtomicInteger();
        AtomicBoolean paying = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<Object>> running = new java.util.ArrayList<>();
        for (int c = 0; c < 4; c++) {
            running.add(clients.submit(() -> {
                while (paying.get()) {
                    String key = "crash-" + issued.incrementAndGet();
                    answered.put(key, PaymentsUnderFaults.payUntilAnswered(url::get, secret, key, response -> { }));
                }
                return null;
            }));
        }
        for (int k = 1; k <= kills; k++) {
            Thread.sleep(500 + random.nextInt(2_500));               // somewhere in the middle of the load
            payrail.process().destroyForcibly();
            assertThat(payrail.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(payrail.process().exitValue()).as("kill %d was a SIGKILL", k).isEqualTo(137);
            payrail = start(k);
            url.set(payrail.url());
        }
        Thread.sleep(1_000);
        paying.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(180, TimeUnit.SECONDS)).as("every client got its answers").isTrue();
        for (java.util.concurrent.Future<Object> client : running) {
            client.get();                                             // a client that gave up fails the test here
        }

        assertThat(answered).hasSizeGreaterThan(kills * 5);
        PaymentsUnderFaults.assertInvariants(JdbcClient.create(database.getPostgresDatabase()), provider, answered,
                issued.get(), new ApiClient(url.get(), PayrailProcess.ADMIN_TOKEN));
    }

    private PayrailProcess start(int generation) throws IOException {
        return PayrailProcess.start(database.getJdbcUrl("postgres", "postgres"), data,
                data.resolve("payrail-" + generation + ".log"), PaymentsUnderFaults.quickRecovery(provider));
    }
}
