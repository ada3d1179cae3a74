package dev.payrail.server.database;

import dev.payrail.server.PayrailApplication;
import dev.payrail.server.support.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded start keeps its data under the data directory: payments and the demo key survive a restart. */
class RestartTest {

    @TempDir
    Path data;

    @Test
    void payments_and_the_demo_merchant_survive_a_restart() throws Exception {
        String paymentId;
        String demoKey;
        try (ConfigurableApplicationContext first = start()) {
            demoKey = Files.readString(data.resolve("demo-merchant.key")).strip();
            ApiClient api = new ApiClient("http://localhost:" + port(first), demoKey);
            paymentId = api.post("/v1/payments", "{\"amount\": 1200, \"currency\": \"usd\", \"confirm\": true, "
                    + "\"card\": {\"number\": \"4242424242424242\", \"exp_month\": 12, \"exp_year\": 2034}}").text("id");
        }
        try (ConfigurableApplicationContext second = start()) {
            assertThat(Files.readString(data.resolve("demo-merchant.key")).strip()).isEqualTo(demoKey);
            ApiClient api = new ApiClient("http://localhost:" + port(second), demoKey);
            ApiClient.Response payment = api.get("/v1/payments/" + paymentId);
            assertThat(payment.status()).isEqualTo(200);
            assertThat(payment.text("status")).isEqualTo("succeeded");
        }
    }

    @Test
    void an_event_committed_just_before_a_stop_is_delivered_after_the_restart() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String paymentId;
        // The first instance never gets to deliver (its worker would run again in an hour): as if it died
        // right after the payment committed.
        try (ConfigurableApplicationContext first = start("--payrail.deliveries.worker-interval=1h")) {
            ApiClient api = new ApiClient("http://localhost:" + port(first), Files.readString(data.resolve("demo-merchant.key")).strip());
            api.post("/v1/webhook_endpoints", "{\"url\": \"http://127.0.0.1:" + port + "/hooks\", \"enabled_events\": [\"payment.succeeded\"]}");
            paymentId = api.post("/v1/payments", "{\"amount\": 900, \"currency\": \"usd\", \"confirm\": true, "
                    + "\"card\": {\"number\": \"4242424242424242\", \"exp_month\": 12, \"exp_year\": 2034}}").text("id");
        }
        java.util.concurrent.CompletableFuture<String> delivered = new java.util.concurrent.CompletableFuture<>();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 10);
        receiver.createContext("/hooks", exchange -> {
            delivered.complete(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try (ConfigurableApplicationContext second = start("--payrail.deliveries.worker-interval=100ms")) {
            String body = delivered.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(body).contains("\"payment.succeeded\"").contains(paymentId);
        } finally {
            receiver.stop(0);
        }
    }

    private ConfigurableApplicationContext start(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--server.port=0",
                "--payrail.db.embedded-data-dir=" + data.resolve("pg"),
                "--payrail.demo.enabled=true",
                "--payrail.demo.key-file=" + data.resolve("demo-merchant.key"),
                "--payrail.cards.key-file=" + data.resolve("card-data.key"),
                "--payrail.admin.token=test-admin-token-0123456789abcdef",
                "--payrail.deliveries.allow-private-addresses=true"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(PayrailApplication.class).run(args.toArray(String[]::new));
    }

    private static String port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getProperty("local.server.port");
    }
}
