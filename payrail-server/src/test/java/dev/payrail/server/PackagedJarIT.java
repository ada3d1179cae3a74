package dev.payrail.server;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar that {@code ./payrail} and a deployment run, started as they start it (environment variables only):
 * it comes up on its embedded database with the demo merchant, takes a payment, and stops cleanly without leaving
 * its PostgreSQL behind. Runs after packaging (failsafe), so a dependency that the tests' classpath has and the
 * jar lacks fails the build.
 */
class PackagedJarIT {

    @TempDir
    Path data;

    @Test
    void the_packaged_jar_starts_takes_a_payment_and_stops_cleanly() throws Exception {
        Path jar = Path.of("target", "payrail-server.jar");
        assertThat(jar).exists();
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(data.resolve("payrail.log").toFile());
        builder.environment().put("PAYRAIL_PORT", Integer.toString(port));
        builder.environment().put("PAYRAIL_STRIPE_PORT", "0");
        builder.environment().put("PAYRAIL_DATA_DIR", data.toString());
        builder.environment().put("PAYRAIL_LOG_FORMAT", "text");
        Process payrail = builder.start();
        try {
            String url = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newHttpClient();
            Eventually.await("the packaged Payrail to be ready", Duration.ofSeconds(120), () -> {
                assertThat(payrail.isAlive()).as("Payrail exited; see " + data.resolve("payrail.log")).isTrue();
                try {
                    int status = http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/health/readiness")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    return status == 200 && Files.exists(data.resolve("demo-merchant.key")) ? Optional.of(true) : Optional.empty();
                } catch (IOException notYet) {
                    return Optional.empty();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            });
            String log = Files.readString(data.resolve("payrail.log"));
            assertThat(log).contains("Payrail is running on http://localhost:" + port).doesNotContain("WARN");
            ApiClient api = new ApiClient(url, Files.readString(data.resolve("demo-merchant.key")).strip());
            ApiClient.Response paid = api.post("/v1/payments", "{\"amount\": 1500, \"currency\": \"usd\", \"confirm\": true, "
                    + "\"card\": {\"number\": \"4242424242424242\", \"exp_month\": 12, \"exp_year\": 2034, \"cvc\": \"123\"}}");
            assertThat(paid.text("status")).as(paid.body().toString()).isEqualTo("succeeded");
            assertThat(new ApiClient(url, null).get("/v1/openapi.json").status()).isEqualTo(200);
        } finally {
            payrail.destroy();
            assertThat(payrail.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
        assertThat(data.resolve("pg").resolve("postmaster.pid")).as("its PostgreSQL stopped with it").doesNotExist();
    }
}
