package dev.payrail.server.payments;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.Eventually;
import dev.payrail.server.support.PayrailProcess;
import dev.payrail.sim.ProviderSimulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the crash and database-restart tests share: a merchant's client that retries each payment with its
 * Idempotency-Key until it gets an answer, the settings that make a child Payrail resolve quickly, and the
 * invariants that must hold once the faults are over.
 */
final class PaymentsUnderFaults {
    private static final Pattern PAYMENT_ID = Pattern.compile("\"(?:id|payment)\":\"(pay_[A-Za-z0-9]+)\"");
    private static final String PAYMENT = "{\"amount\": 1500, \"currency\": \"usd\", \"confirm\": true, \"card\": {"
            + "\"number\": \"4242424242424242\", \"exp_month\": 12, \"exp_year\": 2034}}";

    private PaymentsUnderFaults() {
    }

    /**
     * Stops what a test started (Payrail first, so it logs nothing about the rest going away) and keeps the
     * processes' logs outside the temporary directory, in target/crash-test-logs, for a failure's post-mortem.
     */
    static void stopAndKeepLogs(Path data, PayrailProcess payrail,
                                ProviderSimulator provider, EmbeddedPostgres database)
            throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "crash-test-logs"));
        try (var files = Files.list(data)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                Files.copy(log, logs.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
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

    /** A child Payrail's settings: the simulator given, short timeouts, a resolver and key recovery that act in seconds. */
    static List<String> quickRecovery(ProviderSimulator provider) {
        return List.of(
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
                "--payrail.deliveries.worker-interval=100ms");
    }

    /**
     * What a merchant's client does: the same request with the same key until an answer comes (a refused
     * connection, a 5xx or a 409 "still in progress" is no answer). Each non-answer that Payrail did send
     * goes to {@code noAnswer}. Returns the payment id.
     */
    static String payUntilAnswered(Supplier<String> url, String secret, String key,
                                   Consumer<HttpResponse<String>> noAnswer) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String last = "no answer at all";
        for (int attempt = 0; attempt < 600; attempt++) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url.get() + "/v1/payments"))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + secret)
                        .header("Content-Type", "application/json").header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(PAYMENT)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher id = PAYMENT_ID.matcher(response.body());
                last = response.statusCode() + " " + response.headers().map() + " " + response.body();
                if (response.statusCode() < 500 && response.statusCode() != 409 && id.find()) {
                    return id.group(1);
                }
                noAnswer.accept(response);
            } catch (IOException connectionLost) {
                // Payrail is down or was killed mid-request: try again with the same key
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no answer for " + key + "; last: " + last);
    }

    /**
     * Merchant clients paying until stopped, each payment with a fresh key ({@code keyPrefix} and a number) retried until
     * answered: what each key was answered with, when it was first sent and when answered, and every non-answer.
     */
    static final class PayingClients {
        final Map<String, String> answered = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, Long> issuedAt = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, Long> answeredAt = new java.util.concurrent.ConcurrentHashMap<>();
        final List<HttpResponse<String>> notAnswered = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        final java.util.concurrent.atomic.AtomicInteger issued = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicBoolean paying = new java.util.concurrent.atomic.AtomicBoolean(true);
        private final java.util.concurrent.ExecutorService pool;
        private final List<java.util.concurrent.Future<Object>> running = new java.util.ArrayList<>();

        PayingClients(int clients, String keyPrefix, Supplier<String> url, String secret) {
            pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    while (paying.get()) {
                        String key = keyPrefix + issued.incrementAndGet();
                        issuedAt.put(key, System.nanoTime());
                        answered.put(key, payUntilAnswered(url, secret, key, notAnswered::add));
                        answeredAt.put(key, System.nanoTime());
                    }
                    return null;
                }));
            }
        }

        /** Waits until {@code count} payments in all were answered. */
        void awaitAnswered(String what, int count, Duration timeout) {
            Eventually.await(what, timeout, () -> answered.size() >= count ? Optional.of(true) : Optional.empty());
        }

        /** Lets each client finish the payment it is on, then stops them; a client's failure fails the test. */
        void stop() throws Exception {
            paying.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(180, java.util.concurrent.TimeUnit.SECONDS)).as("every client got its answers").isTrue();
            for (java.util.concurrent.Future<Object> client : running) {
                client.get();
            }
        }
    }

    /**
     * Once the resolver has finished: one payment per key and none no client was answered with, one charge
     * at the provider per succeeded payment and none for the others, every outcome announced, the ledger
     * balanced.
     */
    static void assertInvariants(JdbcClient jdbc, ProviderSimulator provider, Map<String, String> answered, int issued,
                                 ApiClient admin) {
        Eventually.await("the resolver finished what the faults interrupted", Duration.ofSeconds(60), () ->
                jdbc.sql("select count(*) from payments where status = 'processing' or outcome_unknown "
                        + "or operation_in_flight is not null").query(Long.class).single() == 0
                        ? Optional.of(true) : Optional.empty());
        assertThat(answered.values()).as("one payment per key").doesNotHaveDuplicates();
        assertThat(jdbc.sql("select id, status from payments").query().listOfRows().stream()
                .filter(p -> !answered.containsValue((String) p.get("id"))).toList())
                .as("payments no client was answered with (%d keys issued)", issued).isEmpty();
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
        assertThat(admin.get("/v1/admin/ledger/check").body().path("ok").booleanValue()).as("ledger check").isTrue();
    }
}
