package dev.payrail.server.security;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Restricted, read-only and live keys; rolling with an overlap; revoking. */
class ApiKeyScopeTest extends ApiTest {

    @Test
    void a_restricted_key_does_what_its_permissions_name_and_nothing_more() {
        ApiClient.Response created = api.post("/v1/api_keys", "{\"kind\": \"restricted\", \"name\": \"checkout\", "
                + "\"permissions\": [\"payments:write\"]}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("secret")).startsWith("rk_test_");
        ApiClient checkout = api.as(created.text("secret"));

        ApiClient.Response paid = checkout.post("/v1/payments", payment(900, "usd", "automatic", VISA));
        assertThat(paid.text("status")).isEqualTo("succeeded");
        assertThat(checkout.get("/v1/payments/" + paid.text("id")).status()).as("write includes read").isEqualTo(200);
        ApiClient.Response refund = checkout.post("/v1/refunds", "{\"payment\": \"" + paid.text("id") + "\"}");
        assertThat(refund.status()).isEqualTo(403);
        assertThat(refund.errorCode()).isEqualTo("api_key_permission_denied");
        assertThat(refund.body().path("error").path("message").asString()).contains("refunds:write");
        assertThat(checkout.get("/v1/balance").status()).isEqualTo(403);
        assertThat(checkout.get("/v1/api_keys").status()).as("keys are managed with full secret keys only").isEqualTo(403);
        assertThat(count("refunds")).isZero();
        // customers and the cards saved to them are a permission of their own
        assertThat(checkout.post("/v1/customers", "{\"email\": \"a@example.com\"}").status()).isEqualTo(403);
        assertThat(checkout.post("/v1/setup_intents", "{\"customer\": \"cus_x\"}").body().path("error").path("message")
                .asString()).contains("customers:write");
        ApiClient billing = api.as(api.post("/v1/api_keys", "{\"kind\": \"restricted\", \"permissions\": [\"customers:write\"]}")
                .text("secret"));
        assertThat(billing.post("/v1/customers", "{\"email\": \"a@example.com\"}").status()).isEqualTo(200);
        assertThat(billing.get("/v1/customers").status()).isEqualTo(200);
        assertThat(billing.post("/v1/payments", payment(900, "usd", "automatic", VISA)).status()).isEqualTo(403);

        assertThat(api.post("/v1/api_keys", "{\"kind\": \"restricted\", \"permissions\": [\"keys:write\"]}").errorCode())
                .as("key management is not grantable").isEqualTo("parameter_invalid");
        assertThat(api.post("/v1/api_keys", "{\"kind\": \"restricted\"}").errorCode()).isEqualTo("parameter_missing");
    }

    @Test
    void a_read_only_key_reads_everything_and_changes_nothing() {
        String paid = api.post("/v1/payments", payment(900, "usd", "automatic", VISA)).text("id");
        ApiClient reader = api.as(api.post("/v1/api_keys", "{\"kind\": \"read_only\"}").text("secret"));

        assertThat(reader.get("/v1/payments/" + paid).status()).isEqualTo(200);
        assertThat(reader.get("/v1/events").status()).isEqualTo(200);
        assertThat(reader.get("/v1/balance").status()).isEqualTo(200);
        assertThat(reader.post("/v1/payments/" + paid + "/cancel", "{}").status()).isEqualTo(403);
        assertThat(reader.post("/v1/webhook_endpoints", "{\"url\": \"https://example.com/h\"}").status()).isEqualTo(403);
    }

    @Test
    void a_rolled_key_works_through_its_overlap_and_a_revoked_key_stops_at_once() {
        ApiClient.Response first = api.post("/v1/api_keys", "{\"kind\": \"secret\"}");
        ApiClient old = api.as(first.text("secret"));

        ApiClient.Response rolled = api.post("/v1/api_keys/" + first.text("id") + "/roll", "{\"expires_in\": 3600}");
        ApiClient successor = api.as(rolled.text("secret"));
        assertThat(old.get("/v1/payments").status()).as("within the overlap").isEqualTo(200);
        assertThat(successor.get("/v1/payments").status()).isEqualTo(200);
        assertThat(api.post("/v1/api_keys/" + first.text("id") + "/roll", "{}").status()).as("rolled once").isEqualTo(404);

        ApiClient.Response now = api.post("/v1/api_keys/" + rolled.text("id") + "/roll", "{\"expires_in\": 0}");
        assertThat(successor.get("/v1/payments").status()).as("no overlap asked for").isEqualTo(401);
        ApiClient third = api.as(now.text("secret"));
        assertThat(third.get("/v1/payments").status()).isEqualTo(200);

        assertThat(api.post("/v1/api_keys/" + now.text("id") + "/revoke", "{}").body().path("revoked").booleanValue()).isTrue();
        assertThat(third.get("/v1/payments").status()).isEqualTo(401);
        assertThat(api.post("/v1/api_keys/" + first.text("id") + "/roll", "{\"expires_in\": 999999999}").errorCode())
                .isEqualTo("parameter_invalid_integer");
        assertThat(jdbc.sql("select count(*) from audit_log where action like 'POST /v1/api_keys/{id}/%' and object_id = ?")
                .param(first.text("id")).query(Long.class).single()).isGreaterThanOrEqualTo(2);
        // another merchant's key is unknown here
        assertThat(newMerchantClient("Other").post("/v1/api_keys/" + rolled.text("id") + "/revoke", "{}").status())
                .isEqualTo(404);
    }

    @Test
    void a_live_key_must_pay_with_a_payment_method_not_a_raw_card() {
        ApiClient admin = new ApiClient(baseUrl(), ADMIN_TOKEN);
        String secret = admin.post("/v1/admin/merchants/" + merchantId + "/api_keys", "{\"mode\": \"live\"}").text("secret");
        assertThat(secret).startsWith("sk_live_");
        ApiClient live = api.as(secret);

        ApiClient.Response raw = live.post("/v1/payments", payment(500, "usd", "automatic", VISA));
        assertThat(raw.status()).isEqualTo(400);
        assertThat(raw.errorCode()).isEqualTo("raw_card_data_not_allowed");
        assertThat(count("payment_methods")).isZero();

        String token = live.post("/v1/payment_methods", "{\"card\": " + card(VISA) + "}").text("id");
        assertThat(live.post("/v1/payments", "{\"amount\": 500, \"currency\": \"usd\", \"confirm\": true, "
                + "\"payment_method\": \"" + token + "\"}").text("status")).isEqualTo("succeeded");
    }

    /**
     * Another process revokes a key (here: the row changed behind this process's back, which is all another
     * process can do to it): this process may still honour it for the cache's bound, and not after.
     */
    @Test
    void a_key_revoked_by_another_process_stops_working_here_within_a_second() {
        ApiClient.Response created = api.post("/v1/api_keys", "{\"kind\": \"secret\"}");
        ApiClient other = api.as(created.text("secret"));
        assertThat(other.get("/v1/payments").status()).isEqualTo(200);

        long revokedAt = System.nanoTime();
        jdbc.sql("update api_keys set revoked_at = now() where id = ?").param(created.text("id")).update();
        dev.payrail.server.support.Eventually.await("the revoked key refused", java.time.Duration.ofSeconds(3),
                () -> other.get("/v1/payments").status() == 401 ? java.util.Optional.of(true) : java.util.Optional.empty());
        long refusedAfterMillis = (System.nanoTime() - revokedAt) / 1_000_000;
        assertThat(refusedAfterMillis).as("refused within the one-second bound (plus slack for a loaded machine)").isLessThan(2_000);
    }
}
