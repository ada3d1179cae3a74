package dev.payrail.server.deliveries;

import dev.payrail.server.database.EmbeddedPostgresLauncher;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.EventReceiver;
import dev.payrail.server.support.PayrailProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox across a real crash: Payrail runs as a separate process on a database that outlives it; the
 * process is killed (SIGKILL, no shutdown hooks) after a payment committed and before its event was
 * delivered; the next process delivers it.
 */
class ProcessKillTest {
    private static final String ADMIN_TOKEN = PayrailProcess.ADMIN_TOKEN;

    @TempDir
    Path data;

    private EmbeddedPostgres database;
    private EventReceiver receiver;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void startDatabaseAndReceiver() throws IOException {
        database = EmbeddedPostgresLauncher.startThrowaway();
        receiver = EventReceiver.start();
    }

    @AfterEach
    void stopEverything() throws IOException {
        processes.forEach(Process::destroyForcibly);
        receiver.close();
        database.close();
    }

    @Test
    void an_event_committed_before_a_kill_is_delivered_by_the_next_process() throws Exception {
        // The first process never delivers (its worker would first run in an hour, and it does not deliver
        // at commit), so the kill lands after the commit and before any delivery.
        Process first = startPayrail("1h", false);
        ApiClient admin = new ApiClient(url(), ADMIN_TOKEN);
        String apiKey = admin.post("/v1/admin/merchants", "{\"name\": \"Crash merchant\"}")
                .body().path("api_key").path("secret").asString();
        ApiClient api = new ApiClient(url(), apiKey);
        api.post("/v1/webhook_endpoints", "{\"url\": \"" + receiver.url() + "\", \"enabled_events\": [\"payment.succeeded\"]}");
        String paymentId = api.post("/v1/payments", "{\"amount\": 4200, \"currency\": \"usd\", \"confirm\": true, "
                + "\"card\": {\"number\": \"4242424242424242\", \"exp_month\": 12, \"exp_year\": 2034}}").text("id");
        assertThat(api.get("/v1/payments/" + paymentId).text("status")).isEqualTo("succeeded");

        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("the first process died").isTrue();
        assertThat(first.exitValue()).as("killed, not stopped").isEqualTo(137);
        assertThat(receiver.signedBodies()).as("nothing was delivered before the kill").isEmpty();

        startPayrail("100ms", true);
        String body = receiver.await(delivered -> true, Duration.ofSeconds(60));
        assertThat(body).contains("\"payment.succeeded\"").contains(paymentId);
    }

    @Test
    void a_committed_event_goes_out_at_commit_without_waiting_for_the_poll() throws Exception {
        // the poll runs once at start, then not for an hour: only the signal sent at commit can deliver
        startPayrail("1h", true);
        ApiClient api = new ApiClient(url(), new ApiClient(url(), ADMIN_TOKEN).post("/v1/admin/merchants",
                "{\"name\": \"Prompt merchant\"}").body().path("api_key").path("secret").asString());
        api.post("/v1/webhook_endpoints", "{\"url\": \"" + receiver.url() + "\", \"enabled_events\": [\"payment.succeeded\"]}");
        String paymentId = api.post("/v1/payments", "{\"amount\": 4300, \"currency\": \"usd\", \"confirm\": true, "
                + "\"card\": {\"number\": \"4242424242424242\", \"exp_month\": 12, \"exp_year\": 2034}}").text("id");
        assertThat(receiver.await(delivered -> true, Duration.ofSeconds(60))).contains("\"payment.succeeded\"").contains(paymentId);
    }

    private PayrailProcess current;

    /** Starts Payrail as a child JVM on the shared database, and waits until it is ready. */
    private Process startPayrail(String deliveryInterval, boolean deliverOnCommit) throws IOException {
        current = PayrailProcess.start(database.getJdbcUrl("postgres", "postgres"), data,
                data.resolve("payrail-" + processes.size() + ".log"),
                List.of("--payrail.deliveries.worker-interval=" + deliveryInterval,
                        "--payrail.deliveries.deliver-on-commit=" + deliverOnCommit));
        processes.add(current.process());
        return current.process();
    }

    private String url() {
        return current.url();
    }
}
