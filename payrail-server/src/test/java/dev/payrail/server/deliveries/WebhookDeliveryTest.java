package dev.payrail.server.deliveries;

import com.sun.net.httpserver.HttpServer;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deliveries to a receiver on loopback that fails on purpose, verified the way docs/events.md tells merchants to. */
class WebhookDeliveryTest extends ApiTest {

    /** What the receiver got: the signature header and the raw body. */
    record Received(String signature, byte[] body) {
    }

    /** The headers of every request the receiver got. */
    private final List<com.sun.net.httpserver.Headers> headers = new CopyOnWriteArrayList<>();

    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final List<Received> healthy = new CopyOnWriteArrayList<>();
    @org.springframework.beans.factory.annotation.Autowired
    WebhookEndpointStore webhookEndpoints;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        receiver.createContext("/hooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestHeaders().getFirst("Payrail-Signature"), body));
            headers.add(exchange.getRequestHeaders());
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.createContext("/healthy", exchange -> {
            healthy.add(new Received(exchange.getRequestHeaders().getFirst("Payrail-Signature"),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void a_failing_receiver_gets_the_event_after_backoff_signed_as_documented() throws Exception {
        failuresLeft.set(2);
        JsonNode endpoint = register("[\"payment.succeeded\"]");
        String secret = endpoint.path("secret").asString();
        assertThat(secret).startsWith("whsec_");

        String paymentId = api.post("/v1/payments", payment(4200, "usd", "automatic", VISA)).text("id");

        JsonNode delivery = awaitDelivery(endpoint.path("id").asString(), "succeeded");
        assertThat(delivery.path("attempts").intValue()).isEqualTo(3);
        assertThat(delivery.path("attempt_log")).extracting(a -> a.path("status").intValue()).containsExactly(500, 500, 200);
        assertThat(received).hasSize(3);
        Received last = received.get(received.size() - 1);
        assertThat(verifies(last, secret)).isTrue();
        assertThat(verifies(last, "whsec_someone_else")).isFalse();
        JsonNode event = api.get("/v1/events/" + delivery.path("event").asString()).body();
        assertThat(event.path("type").asString()).isEqualTo("payment.succeeded");
        assertThat(event.path("data").path("object").path("id").asString()).isEqualTo(paymentId);
        assertThat(new String(last.body(), StandardCharsets.UTF_8)).contains(paymentId).contains("\"payment.succeeded\"");
        assertThat(api.get("/v1/webhook_endpoints/" + endpoint.path("id").asString()).body().has("secret"))
                .as("the secret is shown once").isFalse();
    }

    @Test
    void after_a_rotation_both_secrets_verify_during_the_overlap() throws Exception {
        JsonNode endpoint = register("[\"*\"]");
        String oldSecret = endpoint.path("secret").asString();
        String newSecret = api.post("/v1/webhook_endpoints/" + endpoint.path("id").asString() + "/rotate_secret",
                "{\"expires_in\": 3600}").text("secret");

        api.post("/v1/payments", "{\"amount\": 100, \"currency\": \"usd\"}");
        awaitDelivery(endpoint.path("id").asString(), "succeeded");

        Received delivered = received.get(0);
        assertThat(newSecret).isNotEqualTo(oldSecret);
        assertThat(verifies(delivered, newSecret)).isTrue();
        assertThat(verifies(delivered, oldSecret)).isTrue();
    }

    @Test
    void a_receiver_that_keeps_failing_is_disabled_and_a_delivery_can_be_redone() throws Exception {
        failuresLeft.set(1_000);
        JsonNode endpoint = register("[\"payment.created\"]");
        String id = endpoint.path("id").asString();
        api.post("/v1/webhook_endpoints", "{\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/healthy\", \"enabled_events\": [\"webhook_endpoint.disabled\"]}");

        api.post("/v1/payments", "{\"amount\": 100, \"currency\": \"usd\"}");
        api.post("/v1/payments", "{\"amount\": 200, \"currency\": \"usd\"}");

        api.await("/v1/webhook_endpoints/" + id, r -> "disabled".equals(r.text("status")), Duration.ofSeconds(15));
        JsonNode failed = awaitDelivery(id, "failed");
        JsonNode disabled = Eventually.await("webhook_endpoint.disabled at the healthy endpoint", Duration.ofSeconds(10),
                () -> healthy.stream().map(r -> tools.jackson.databind.json.JsonMapper.builder().build().readTree(r.body()))
                        .filter(e -> "webhook_endpoint.disabled".equals(e.path("type").asString())).findFirst());
        assertThat(disabled.path("data").path("object").path("id").asString()).isEqualTo(id);
        assertThat(disabled.path("data").path("object").path("status").asString()).isEqualTo("disabled");
        assertThat(disabled.path("data").path("object").has("secret")).isFalse();
        assertThat(dev.payrail.server.support.EventSchemas.validate(disabled).isSuccess()).as(disabled.toString()).isTrue();
        assertThat(api.get("/v1/events?type=webhook_endpoint.disabled").body().path("data")).hasSize(1);
        assertThat(failed.path("attempts").intValue()).as("one try and three retries").isEqualTo(4);

        ApiClient.Response redo = api.post("/v1/event_deliveries/" + failed.path("id").asString() + "/redeliver", "{}");
        assertThat(redo.text("status")).isEqualTo("pending");
        assertThat(newMerchantClient("Other").post("/v1/event_deliveries/" + failed.path("id").asString() + "/redeliver", "{}")
                .status()).isEqualTo(404);
    }

    @Test
    void a_redelivery_keeps_counting_attempts_and_answers_the_delivery_itself() throws Exception {
        failuresLeft.set(4);
        JsonNode endpoint = register("[\"payment.created\"]");
        String endpointId = endpoint.path("id").asString();
        api.post("/v1/payments", "{\"amount\": 100, \"currency\": \"usd\"}");
        JsonNode failed = awaitDelivery(endpointId, "failed");
        assertThat(failed.path("attempts").intValue()).isEqualTo(4).isEqualTo(failed.path("attempt_log").size());
        assertThat(failed.path("next_attempt_at").isNull()).as("nothing is due for a failed delivery").isTrue();
        JsonNode failing = api.get("/v1/webhook_endpoints/" + endpointId).body();
        assertThat(failing.path("last_failure").path("reason").asString()).isEqualTo("HTTP 500");

        ApiClient.Response redo = api.post("/v1/event_deliveries/" + failed.path("id").asString() + "/redeliver", "{}");
        assertThat(redo.status()).isEqualTo(200);
        assertThat(redo.text("object")).isEqualTo("event_delivery");
        assertThat(redo.text("status")).isEqualTo("pending");
        assertThat(redo.text("event")).isEqualTo(failed.path("event").asString());
        assertThat(redo.body().path("attempts").intValue()).as("earlier attempts still count").isEqualTo(4);
        assertThat(redo.body().path("next_attempt_at").isNumber()).isTrue();

        JsonNode delivered = awaitDelivery(endpointId, "succeeded");
        assertThat(delivered.path("attempts").intValue()).isEqualTo(5).isEqualTo(delivered.path("attempt_log").size());
        assertThat(api.get("/v1/webhook_endpoints/" + endpointId).body().path("last_failure").isNull())
                .as("a success clears the endpoint's last failure").isTrue();
        assertThat(headers).allSatisfy(h -> {
            assertThat(h.getFirst("User-Agent")).matches("Payrail/\\S+");
            assertThat(h.containsKey("Upgrade")).as("plain HTTP/1.1 to an http endpoint: no h2c upgrade").isFalse();
        });
    }

    @Test
    void signing_secrets_are_sealed_at_rest_and_secrets_written_in_clear_before_are_sealed_at_start() throws Exception {
        JsonNode endpoint = register("[\"payment.succeeded\"]");
        String id = endpoint.path("id").asString();
        String secret = endpoint.path("secret").asString();
        var stored = jdbc.sql("select secret, secret_sealed from webhook_endpoints where id = ?").param(id)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getBytes(2)}).single();
        assertThat(stored[0]).as("no plaintext column value").isNull();
        assertThat(new String((byte[]) stored[1], StandardCharsets.ISO_8859_1)).doesNotContain(secret.substring(6));
        // a row as an older version wrote it
        jdbc.sql("update webhook_endpoints set secret = 'whsec_legacy_plaintext', secret_sealed = null where id = ?").param(id).update();

        webhookEndpoints.sealLegacySecrets();

        assertThat(jdbc.sql("select count(*) from webhook_endpoints where secret is not null").query(Long.class).single()).isZero();
        assertThat(webhookEndpoints.get(id).secret()).isEqualTo("whsec_legacy_plaintext");
        String other = register("[\"payment.failed\"]").path("id").asString();
        jdbc.sql("update webhook_endpoints set secret_sealed = (select secret_sealed from webhook_endpoints where id = ?) where id = ?")
                .params(other, id).update();
        assertThatThrownBy(() -> webhookEndpoints.get(id)).as("a sealed secret moved to another endpoint does not open")
                .hasMessageContaining("does not open");
        jdbc.sql("update webhook_endpoints set deleted_at = now() where id in (?, ?)").params(id, other).update();
    }

    @Test
    void endpoint_urls_are_validated() {
        assertThat(api.post("/v1/webhook_endpoints", "{\"url\": \"ftp://example.com/x\"}").errorCode()).isEqualTo("url_invalid");
        assertThat(api.post("/v1/webhook_endpoints", "{\"url\": \"http://localhost/x\", \"enabled_events\": []}").errorParam())
                .isEqualTo("enabled_events");
        assertThat(api.post("/v1/webhook_endpoints", "{\"url\": \"http://localhost/x\", \"enabled_events\": [\"payment.exploded\"]}")
                .errorParam()).as("an unknown event type").isEqualTo("enabled_events");
        assertThat(count("webhook_endpoints")).isZero();
    }

    /** What a merchant does, from docs/events.md only: HMAC-SHA256(secret, t + "." + body), hex, against each v1. */
    private static boolean verifies(Received delivery, String secret) throws Exception {
        String timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String part : delivery.signature().split(",")) {
            String[] kv = part.split("=", 2);
            if (kv[0].equals("t")) {
                timestamp = kv[1];
            } else if (kv[0].equals("v1")) {
                signatures.add(kv[1]);
            }
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String expected = HexFormat.of().formatHex(mac.doFinal(delivery.body()));
        return signatures.contains(expected);
    }

    private JsonNode register(String events) {
        ApiClient.Response created = api.post("/v1/webhook_endpoints", "{\"url\": \"http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hooks\", \"enabled_events\": " + events + "}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
        return created.body();
    }

    private JsonNode awaitDelivery(String endpointId, String status) {
        return Eventually.await(status + " delivery for " + endpointId, Duration.ofSeconds(15), () -> {
            for (JsonNode delivery : api.get("/v1/webhook_endpoints/" + endpointId + "/deliveries").body().path("data")) {
                if (status.equals(delivery.path("status").asString())) {
                    return java.util.Optional.of(delivery);
                }
            }
            return java.util.Optional.empty();
        });
    }
}
