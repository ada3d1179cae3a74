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

/**
 * The embedded start keeps its data under the data directory: payments, the demo key and the in-process
 * simulators' state survive a restart, so payments made before it can be refunded after it on every provider.
 */
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
    void payments_made_before_a_restart_are_refunded_after_it_through_the_provider_that_took_them() throws Exception {
        java.util.Map<String, String> paymentsByProvider = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> referencesBefore = new java.util.HashMap<>();
        String demoKey;
        try (ConfigurableApplicationContext first = start()) {
            demoKey = Files.readString(data.resolve("demo-merchant.key")).strip();
            ApiClient api = new ApiClient("http://localhost:" + port(first), demoKey);
            for (String provider : List.of("simulator", "stripe", "adyen")) {
                routeEverythingTo(first, provider);
                ApiClient.Response paid = api.post("/v1/payments", "{\"amount\": 1500, \"currency\": \"eur\", \"confirm\": true, "
                        + "\"card\": {\"number\": \"4242424242424242\", \"exp_month\": 12, \"exp_year\": 2034}}");
                assertThat(paid.text("provider")).as(paid.body().toString()).isEqualTo(provider);
                paymentsByProvider.put(provider, paid.text("id"));
                referencesBefore.put(provider, paid.text("provider_reference"));
            }
        }
        try (ConfigurableApplicationContext second = start()) {
            ApiClient api = new ApiClient("http://localhost:" + port(second), demoKey);
            for (var payment : paymentsByProvider.entrySet()) {
                ApiClient.Response refund = api.post("/v1/refunds", "{\"payment\": \"" + payment.getValue() + "\", \"amount\": 500}");
                assertThat(refund.status()).as(payment.getKey() + ": " + refund.body()).isEqualTo(200);
                assertThat(refund.text("status")).as(payment.getKey() + ": " + refund.body()).isIn("succeeded", "pending");
                routeEverythingTo(second, payment.getKey());
                ApiClient.Response newer = api.post("/v1/payments", "{\"amount\": 700, \"currency\": \"eur\", \"confirm\": true, "
                        + "\"card\": {\"number\": \"4242424242424242\", \"exp_month\": 12, \"exp_year\": 2034}}");
                assertThat(newer.text("provider_reference")).as(payment.getKey() + " never hands out a reference twice")
                        .isNotEqualTo(referencesBefore.get(payment.getKey()));
            }
        }
    }

    private static void routeEverythingTo(ConfigurableApplicationContext context, String provider) {
        ApiClient admin = new ApiClient("http://localhost:" + port(context), "test-admin-token-0123456789abcdef");
        ApiClient.Response set = admin.post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"all-to-" + provider
                + "\", \"priority\": 1, \"targets\": [{\"provider\": \"" + provider + "\", \"weight\": 1}]}]}");
        assertThat(set.status()).as(set.body().toString()).isEqualTo(200);
    }

    private ConfigurableApplicationContext start() {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--server.port=0",
                "--payrail.stripe-api.port=0",
                "--payrail.db.embedded-data-dir=" + data.resolve("pg"),
                "--payrail.demo.enabled=true",
                "--payrail.demo.key-file=" + data.resolve("demo-merchant.key"),
                "--payrail.cards.key-file=" + data.resolve("card-data.key"),
                "--payrail.vault.key-store-file=" + data.resolve("vault-keys.properties"),
                "--payrail.simulator.state-dir=" + data.resolve("simulator"),
                "--payrail.admin.token=test-admin-token-0123456789abcdef"));
        return new SpringApplicationBuilder(PayrailApplication.class).run(args.toArray(String[]::new));
    }

    private static String port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getProperty("local.server.port");
    }
}
