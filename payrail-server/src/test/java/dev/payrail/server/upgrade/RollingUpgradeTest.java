package dev.payrail.server.upgrade;

import dev.payrail.server.database.EmbeddedPostgresLauncher;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.EventReceiver;
import dev.payrail.server.support.PayrailProcess;
import dev.payrail.server.support.ProviderWebhooks;
import dev.payrail.sim.ProviderSimulator;
import dev.payrail.sim.SimulatorSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling deploy, as docs/upgrades.md describes it: the previous release's server (built from git by
 * {@code src/test/scripts/previous-release.sh}) runs on a fresh database, this build's server starts beside it and
 * migrates the database forward while the old one serves, and the main flows go through both at once: payments
 * created through one and captured and refunded through the other, an idempotency key retried across releases,
 * provider webhooks into each, the events of both delivered to the merchant, the ledger check clean on both. An old
 * process restarted mid-deploy still starts on the newer schema; once the old ones stop, the new one carries on.
 */
class RollingUpgradeTest {
    @TempDir
    Path data;

    private EmbeddedPostgres database;
    private ProviderSimulator provider;
    private EventReceiver receiver;
    private final List<PayrailProcess> processes = new ArrayList<>();

    @AfterEach
    void stopEverything() throws IOException {
        processes.forEach(p -> p.process().destroyForcibly());
        if (receiver != null) {
            receiver.close();
        }
        if (provider != null) {
            provider.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /** The previous release: its name (a tag or a commit), and its server jar, built by the test's script. */
    private record Release(String name, String commit, Path jar) {
    }

    private static Release previousRelease() throws Exception {
        Process build = new ProcessBuilder("bash", Path.of("src/test/scripts/previous-release.sh").toAbsolutePath().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(build.waitFor(15, TimeUnit.MINUTES)).as("the previous release built in time").isTrue();
        assertThat(build.exitValue()).as("previous-release.sh: " + out).isZero();
        String[] parts = out.split(" ");
        return new Release(parts[0], parts[1], Path.of(parts[2]));
    }

    private List<String> arguments() {
        return List.of("--payrail.providers.simulator.base-url=" + provider.baseUrl(),
                "--payrail.providers.adyen.base-url=" + provider.baseUrl() + "/v71",
                "--payrail.providers.adyen.webhook-secrets=" + ProviderWebhooks.ADYEN_HMAC_KEY,
                "--payrail.deliveries.worker-interval=200ms");
    }

    private PayrailProcess startOld(Release release) throws IOException {
        PayrailProcess old = PayrailProcess.startJar(release.jar(), database.getJdbcUrl("postgres", "postgres"), data,
                data.resolve("old-" + processes.size() + ".log"), arguments());
        processes.add(old);
        return old;
    }

    @Test
    void the_previous_release_and_this_one_serve_the_main_flows_together_on_the_migrated_database() throws Exception {
        Release release = previousRelease();
        database = EmbeddedPostgresLauncher.startThrowaway();
        provider = ProviderSimulator.startOnLoopback(SimulatorSettings.defaults());
        receiver = EventReceiver.start();
        JdbcClient jdbc = JdbcClient.create(database.getPostgresDatabase());

        PayrailProcess old = startOld(release);
        int oldSchema = schemaVersion(jdbc);
        ApiClient oldAdmin = new ApiClient(old.url(), PayrailProcess.ADMIN_TOKEN);
        String secret = oldAdmin.post("/v1/admin/merchants", "{\"name\": \"Rolling deploy\"}").body()
                .path("api_key").path("secret").asString();
        JsonNode adyenMerchant = oldAdmin.post("/v1/admin/merchants", "{\"name\": \"Rolling deploy at Adyen\"}").body();
        String adyenSecret = adyenMerchant.path("api_key").path("secret").asString();
        ApiClient oldApi = new ApiClient(old.url(), secret);
        ApiClient.Response endpoint = oldApi.post("/v1/webhook_endpoints", "{\"url\": \"" + receiver.url()
                + "\", \"enabled_events\": [\"payment.succeeded\", \"refund.succeeded\"]}");
        assertThat(endpoint.status()).as(endpoint.body().toString()).isBetween(200, 201);
        String beforeUpgrade = pay(oldApi, "manual", "before-" + UUID.randomUUID());

        // this build starts beside the old one and migrates the database forward while the old one serves
        PayrailProcess fresh = PayrailProcess.start(database.getJdbcUrl("postgres", "postgres"), data,
                data.resolve("new.log"), arguments());
        processes.add(fresh);
        int newSchema = schemaVersion(jdbc);
        assertThat(newSchema).as("this build's migrations ran (from V%d)", oldSchema).isGreaterThanOrEqualTo(oldSchema);
        ApiClient newApi = new ApiClient(fresh.url(), secret);

        // a payment authorized by the old release before the upgrade, captured by the new one, refunded by the old one
        assertThat(newApi.post("/v1/payments/" + beforeUpgrade + "/capture", "{}").text("status")).isEqualTo("succeeded");
        assertThat(oldApi.post("/v1/refunds", "{\"payment\": \"" + beforeUpgrade + "\", \"amount\": 700}").text("status"))
                .isEqualTo("succeeded");
        // one made by the new release, captured and refunded by the old one
        String made = pay(newApi, "manual", "new-" + UUID.randomUUID());
        assertThat(oldApi.post("/v1/payments/" + made + "/capture", "{}").text("status")).isEqualTo("succeeded");
        assertThat(oldApi.post("/v1/refunds", "{\"payment\": \"" + made + "\", \"amount\": 300}").text("status"))
                .isEqualTo("succeeded");
        // an idempotency key retried on the other release answers the first payment: no second charge
        String key = "retried-" + UUID.randomUUID();
        String first = pay(oldApi, "automatic", key);
        assertThat(pay(newApi, "automatic", key)).isEqualTo(first);
        String second = "retried-" + UUID.randomUUID();
        assertThat(pay(oldApi, "automatic", second)).isEqualTo(pay(newApi, "automatic", second));

        // provider webhooks into each release: Adyen's chargeback notification opens a dispute, whichever receives it
        ApiClient.Response routed = oldAdmin.post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"to-adyen\", \"merchants\": [\""
                + adyenMerchant.path("id").asString() + "\"], \"targets\": [{\"provider\": \"adyen\", \"weight\": 1}]}]}");
        assertThat(routed.status()).as(routed.body().toString()).isBetween(200, 201);
        // every process reads the rules again within a second: the new one routes by them once it lists them
        new ApiClient(fresh.url(), PayrailProcess.ADMIN_TOKEN).await("/v1/admin/routing_rules",
                r -> r.body().toString().contains("to-adyen"), Duration.ofSeconds(10));
        ApiClient oldAdyen = new ApiClient(old.url(), adyenSecret);
        ApiClient newAdyen = new ApiClient(fresh.url(), adyenSecret);
        disputeOpenedByWebhook(oldAdyen, newAdyen, fresh);
        disputeOpenedByWebhook(newAdyen, oldAdyen, old);

        // every payment is in the merchant's events, whichever release made it and whichever delivered it
        awaitDelivered(Set.of(beforeUpgrade, made, first), "payment.succeeded");
        awaitDelivered(Set.of(beforeUpgrade, made), "refund.succeeded");
        assertLedgerClean(old);
        assertLedgerClean(fresh);
        assertThat(provider.executedCharges()).as("one charge per payment: the retried keys charged once")
                .isEqualTo(4 + 2);

        // an old process restarted mid-deploy (a rescheduled pod) starts on the newer schema and serves
        old.process().destroyForcibly().waitFor();
        PayrailProcess restarted = startOld(release);
        String afterRestart = pay(new ApiClient(restarted.url(), secret), "automatic", "restarted-" + UUID.randomUUID());
        assertThat(newApi.get("/v1/payments/" + afterRestart).text("status")).isEqualTo("succeeded");

        // the deploy completes: the old processes stop and the new one carries on alone
        restarted.process().destroy();
        assertThat(restarted.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        String after = pay(newApi, "manual", "after-" + UUID.randomUUID());
        assertThat(newApi.post("/v1/payments/" + after + "/capture", "{}").text("status")).isEqualTo("succeeded");
        awaitDelivered(Set.of(afterRestart, after), "payment.succeeded");
        assertLedgerClean(fresh);
        assertThat(Files.readString(data.resolve("new.log"))).as("release %s (%s)", release.name(), release.commit())
                .doesNotContain("\"level\":\"ERROR\"");
    }

    /**
     * A payment of the Adyen merchant through {@code paying}; Adyen's chargeback notification goes to {@code notified},
     * and the dispute it opens is read through {@code reading}.
     */
    private void disputeOpenedByWebhook(ApiClient paying, ApiClient reading, PayrailProcess notified) {
        String payment = pay(paying, "automatic", "adyen-" + UUID.randomUUID());
        ApiClient.Response paid = reading.get("/v1/payments/" + payment);
        assertThat(paid.text("provider")).isEqualTo("adyen");
        HttpResponse<String> answer = ProviderWebhooks.postAdyen(notified.url(), ProviderWebhooks.adyen(
                paid.text("provider_reference"), null, payment, 2500, "USD", "NOTIFICATION_OF_CHARGEBACK", true,
                ProviderWebhooks.ADYEN_HMAC_KEY));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("[accepted]");
        reading.await("/v1/disputes?limit=100", r -> names(r.body().path("data"), payment), Duration.ofSeconds(20));
        disputed.add(payment);
    }

    private final List<String> disputed = new ArrayList<>();

    private static boolean names(JsonNode disputes, String payment) {
        for (JsonNode dispute : disputes) {
            if (payment.equals(dispute.path("payment").asString())) {
                return true;
            }
        }
        return false;
    }

    private static String pay(ApiClient api, String captureMethod, String key) {
        ApiClient.Response paid = api.post("/v1/payments", "{\"amount\": 2500, \"currency\": \"usd\", \"capture_method\": \""
                + captureMethod + "\", \"confirm\": true, \"card\": {\"number\": \"4242424242424242\", \"exp_month\": 12, "
                + "\"exp_year\": 2034, \"cvc\": \"123\"}}", key);
        assertThat(paid.status()).as(paid.body().toString()).isBetween(200, 201);
        assertThat(paid.text("status")).isEqualTo("manual".equals(captureMethod) ? "requires_capture" : "succeeded");
        return paid.text("id");
    }

    private static int schemaVersion(JdbcClient jdbc) {
        return jdbc.sql("select max(version::int) from flyway_schema_history where success").query(Integer.class).single();
    }

    private static void assertLedgerClean(PayrailProcess process) {
        JsonNode check = new ApiClient(process.url(), PayrailProcess.ADMIN_TOKEN).get("/v1/admin/ledger/check").body();
        assertThat(check.path("violations").isEmpty()).as(check.toString()).isTrue();
    }

    private void awaitDelivered(Set<String> paymentIds, String type) {
        for (String id : paymentIds) {
            receiver.await(body -> body.contains("\"" + type + "\"") && body.contains(id), Duration.ofSeconds(60));
        }
    }
}
