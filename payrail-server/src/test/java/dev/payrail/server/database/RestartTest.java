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

    private ConfigurableApplicationContext start() {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--server.port=0",
                "--payrail.db.embedded-data-dir=" + data.resolve("pg"),
                "--payrail.demo.enabled=true",
                "--payrail.demo.key-file=" + data.resolve("demo-merchant.key"),
                "--payrail.cards.key-file=" + data.resolve("card-data.key"),
                "--payrail.admin.token=test-admin-token-0123456789abcdef"));
        return new SpringApplicationBuilder(PayrailApplication.class).run(args.toArray(String[]::new));
    }

    private static String port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getProperty("local.server.port");
    }
}
