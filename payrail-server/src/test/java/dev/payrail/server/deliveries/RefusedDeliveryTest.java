package dev.payrail.server.deliveries;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.Eventually;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An endpoint that becomes disallowed (its name now resolves to a private address, or private addresses were
 * allowed when it was registered and are not any more) loses no event silently: each refused attempt is a failed
 * attempt like any other, retried on the schedule, shown as the endpoint's last failure with the setting that
 * allows it, and the endpoint is disabled by the usual rule.
 */
@TestPropertySource(properties = "payrail.deliveries.allow-private-addresses=false")
class RefusedDeliveryTest extends ApiTest {

    @Test
    void deliveries_to_an_endpoint_that_now_resolves_to_a_private_address_are_retried_counted_and_disable_it() {
        // a public address passes registration; then its DNS "changes" to a private network address, as the re-check
        // before each send is for (a literal address: refused before any packet is sent)
        ApiClient.Response created = api.post("/v1/webhook_endpoints",
                "{\"url\": \"http://203.0.113.10/hooks\", \"enabled_events\": [\"payment.created\"]}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
        String endpointId = created.text("id");
        jdbc.sql("update webhook_endpoints set url = 'http://10.255.255.1/hooks' where id = ?").param(endpointId).update();

        api.post("/v1/payments", "{\"amount\": 100, \"currency\": \"usd\"}");
        api.post("/v1/payments", "{\"amount\": 200, \"currency\": \"usd\"}");

        JsonNode endpoint = api.await("/v1/webhook_endpoints/" + endpointId, r -> "disabled".equals(r.text("status")),
                Duration.ofSeconds(20)).body();
        assertThat(endpoint.path("last_failure").path("reason").asString())
                .contains("private address").contains("PAYRAIL_WEBHOOKS_ALLOW_PRIVATE");
        JsonNode deliveries = Eventually.await("both deliveries failed", Duration.ofSeconds(10), () -> {
            JsonNode data = api.get("/v1/webhook_endpoints/" + endpointId + "/deliveries").body().path("data");
            return data.size() == 2 && data.get(0).path("status").asString().equals("failed")
                    && data.get(1).path("status").asString().equals("failed") ? Optional.of(data) : Optional.empty();
        });
        for (JsonNode delivery : deliveries) {
            assertThat(delivery.path("attempts").intValue()).as("one try and three retries, as for any failure").isEqualTo(4);
            assertThat(delivery.path("attempt_log")).hasSize(4)
                    .allSatisfy(a -> assertThat(a.path("error").asString()).startsWith("refused: 10.255.255.1 resolves to a private address"));
        }
    }

    @Test
    void a_test_endpoint_may_point_at_this_machines_loopback_in_development_and_a_live_one_may_not() {
        assertThat(api.post("/v1/webhook_endpoints", "{\"url\": \"http://127.0.0.1:4242/events\"}").status()).isEqualTo(200);
        String liveKey = api.as(ADMIN_TOKEN).post("/v1/admin/merchants/" + merchantId + "/api_keys",
                "{\"kind\": \"secret\", \"mode\": \"live\"}").body().path("secret").asString();
        ApiClient.Response live = api.as(liveKey).post("/v1/webhook_endpoints", "{\"url\": \"http://127.0.0.1:4242/events\"}");
        assertThat(live.status()).as(live.body().toString()).isEqualTo(400);
        assertThat(live.errorCode()).isEqualTo("url_not_allowed");
    }

    @Test
    void registering_a_private_address_is_refused_with_the_setting_that_allows_it() {
        ApiClient.Response refused = api.post("/v1/webhook_endpoints", "{\"url\": \"http://192.168.1.20/hooks\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("url_not_allowed");
        assertThat(refused.body().path("error").path("message").asString())
                .contains("PAYRAIL_WEBHOOKS_ALLOW_PRIVATE=true").contains("./payrail listen");
    }
}
