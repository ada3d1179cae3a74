package dev.payrail.server.payments;

import dev.payrail.server.database.EmbeddedPostgresLauncher;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.Eventually;
import dev.payrail.server.support.PayrailProcess;
import dev.payrail.sim.ProviderSimulator;
import dev.payrail.sim.SimulatorSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
class CrashUnderLoadTest {
    private static final Pattern PAYMENT_ID = Pattern.compile("\"(?:id|payment)\":\"(pay_[A-Za-z0-9]+)\"");

    @TempDir
    Path data;

    private EmbeddedPostgres database;
    private ProviderSimulator provider;
    private PayrailProcess payrail;

    @AfterEach
    void stopEverything() throws Exception {
        // the processes' logs outlive the temporary directory, for a failure's post-mortem
        Path logs = Path.of("target", "crash-test-logs");
        java.nio.file.Files.createDirectories(logs);
        try (var files = java.nio.file.Files.list(data)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                java.nio.file.Files.copy(log, logs.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (payrail != null) {
            payrail.process().destroyForcibly();
        }
        if (provider != null) {
            provider.close();
        }
        if (database != null) {
            database.close();
        }
    }

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
                    answered.put(key, payUntilAnswered(url, secret, key));
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

        JdbcClient jdbc = JdbcClient.create(database.getPostgresDatabase());
        Eventually.await("the resolver finished what the kills interrupted", Duration.ofSeconds(60), () ->
                jdbc.sql("select count(*) from payments where status = 'processing' or outcome_unknown "
                        + "or operation_in_flight is not null").query(Long.class).single() == 0
                        ? Optional.of(true) : Optional.empty());

        assertThat(answered).hasSizeGreaterThan(kills * 5);
        assertThat(answered.values()).as("one payment per key").doesNotHaveDuplicates();
        assertThat(jdbc.sql("select id, status from payments").query().listOfRows().stream()
                .filter(p -> !answered.containsValue((String) p.get("id"))).toList())
                .as("payments no client was answered with (%d keys issued)", issued.get()).isEmpty();
        long succeeded = jdbc.sql("select count(*) from payments where status = 'succeeded'").query(Long.class).single();
        assertThat(provider.executedCharges()).as("charges at the provider").isEqualTo(succeeded);
        ApiClient simulator = new ApiClient(provider.baseUrl(), null);
        for (String failed : jdbc.sql("select id from payments where status <> 'succeeded'").query(String.class).list()) {
            assertThat(simulator.get("/sim/authorizations?payment_reference=" + failed).body().path("data"))
                    .as("%s was not charged", failed)
                    .allSatisfy(a -> assertThat(a.path("status").asString()).isEqualTo("declined"));
        }
        assertThat(jdbc.sql("""
                        select count(*) from payments p where p.status in ('succeeded', 'failed') and not exists (
                            select 1 from payment_events e where e.payment_id = p.id and e.type = 'payment.' || p.status)""")
                .query(Long.class).single()).as("outcomes never announced").isZero();
        assertThat(new ApiClient(url.get(), PayrailProcess.ADMIN_TOKEN).get("/v1/admin/ledger/check").body()
                .path("ok").booleanValue()).as("ledger check").isTrue();
    }

    private PayrailProcess start(int generation) throws IOException {
        return PayrailProcess.start(database.getJdbcUrl("postgres", "postgres"), data,
                data.resolve("payrail-" + generation + ".log"), List.of(
                        "--payrail.providers.simulator.base-url=" + provider.baseUrl(),
                        "--payrail.providers.simulator.read-timeout=1s",
                        // the resolver trusts "not found" only after the longest read timeout of any provider
                        "--payrail.providers.stripe.read-timeout=1s",
                        "--payrail.providers.adyen.read-timeout=1s",
                        "--payrail.resolver.interval=200ms",
                        "--payrail.resolver.initial-delay=300ms",
                        "--payrail.resolver.not-found-after=2s",
                        "--payrail.resolver.in-flight-stale-after=2s",
                        "--payrail.idempotency.stale-after=15s",
                        "--payrail.deliveries.worker-interval=100ms"));
    }

    /**
     * What a merchant's client does: the same request with the same key until an answer comes (a refused
     * connection or a 5xx while Payrail restarts is no answer). Returns the payment id.
     */
    private static String payUntilAnswered(AtomicReference<String> url, String secret, String key) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String body = "{\"amount\": 1500, \"currency\": \"usd\", \"confirm\": true, \"card\": {\"number\": \"4242424242424242\","
                + " \"exp_month\": 12, \"exp_year\": 2034}}";
        String last = "no answer at all";
        for (int attempt = 0; attempt < 600; attempt++) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url.get() + "/v1/payments"))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + secret)
                        .header("Content-Type", "application/json").header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher id = PAYMENT_ID.matcher(response.body());
                last = response.statusCode() + " " + response.headers().map() + " " + response.body();
                if (response.statusCode() < 500 && response.statusCode() != 409 && id.find()) {
                    return id.group(1);
                }
            } catch (IOException connectionLost) {
                // Payrail is down or was killed mid-request: try again with the same key
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no answer for " + key + "; last: " + last);
    }
}
