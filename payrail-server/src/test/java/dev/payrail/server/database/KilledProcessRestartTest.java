package dev.payrail.server.database;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.PayrailProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payrail on its embedded database is killed (SIGKILL, as an OOM kill or a supervisor does), and started again
 * on the same data directory: it comes up with its payments, having stopped the PostgreSQL that the killed
 * process left running. While one Payrail runs, a second on the same data directory refuses to start.
 */
class KilledProcessRestartTest {
    private static final String CARD = "{\"number\": \"4242424242424242\", \"exp_month\": 12, \"exp_year\": 2034}";

    @TempDir
    Path data;

    private PayrailProcess payrail;

    @AfterEach
    void stop() throws Exception {
        if (payrail != null && payrail.process().isAlive()) {
            payrail.process().destroy();
            payrail.process().waitFor();
        }
        postmaster().ifPresent(ProcessHandle::destroy);   // never leave a database behind, whatever the test did
    }

    @Test
    void a_killed_payrail_starts_again_on_the_same_data_directory_and_keeps_its_payments() throws Exception {
        Path target = Path.of("target", "crash-test-logs");
        Files.createDirectories(target);
        payrail = PayrailProcess.startEmbedded(data, target.resolve("killed-first.log"), List.of());
        ApiClient admin = new ApiClient(payrail.url(), PayrailProcess.ADMIN_TOKEN);
        String key = admin.post("/v1/admin/merchants", "{\"name\": \"Kill\"}").body().path("api_key").path("secret").asString();
        String paid = new ApiClient(payrail.url(), key).post("/v1/payments",
                "{\"amount\": 1000, \"currency\": \"usd\", \"confirm\": true, \"card\": " + CARD + "}").text("id");
        ProcessHandle orphan = postmaster().orElseThrow();

        payrail.process().destroyForcibly();
        payrail.process().waitFor();
        assertThat(orphan.isAlive()).as("PostgreSQL outlives a SIGKILL of its parent: the case this test is about").isTrue();

        payrail = PayrailProcess.startEmbedded(data, target.resolve("killed-second.log"), List.of());
        assertThat(orphan.isAlive()).as("the orphan was stopped").isFalse();
        ApiClient.Response payment = new ApiClient(payrail.url(), key).get("/v1/payments/" + paid);
        assertThat(payment.status()).isEqualTo(200);
        assertThat(payment.text("status")).isEqualTo("succeeded");
        ApiClient.Response refund = new ApiClient(payrail.url(), key).post("/v1/refunds", "{\"payment\": \"" + paid + "\"}");
        assertThat(refund.text("status")).as("the simulator remembers the payment too: " + refund.body()).isEqualTo("succeeded");
    }

    @Test
    void a_second_payrail_on_a_data_directory_in_use_refuses_to_start_and_touches_nothing() throws Exception {
        Path target = Path.of("target", "crash-test-logs");
        Files.createDirectories(target);
        payrail = PayrailProcess.startEmbedded(data, target.resolve("in-use-first.log"), List.of());
        ProcessHandle database = postmaster().orElseThrow();
        Path secondLog = target.resolve("in-use-second.log");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PayrailProcess.startEmbedded(data, secondLog, List.of()))
                .hasMessageContaining("exited");
        assertThat(Files.readString(secondLog, StandardCharsets.UTF_8)).contains("Another Payrail is running on the data directory");
        assertThat(database.isAlive()).isTrue();
        assertThat(new ApiClient(payrail.url(), PayrailProcess.ADMIN_TOKEN).get("/v1/admin/ledger/check").status()).isEqualTo(200);
    }

    private Optional<ProcessHandle> postmaster() throws Exception {
        Path pid = data.resolve("pg").resolve("postmaster.pid");
        if (!Files.exists(pid)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).strip())).filter(ProcessHandle::isAlive);
    }
}
