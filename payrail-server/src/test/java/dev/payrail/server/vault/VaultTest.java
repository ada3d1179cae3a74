package dev.payrail.server.vault;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.Eventually;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The card vault through the API: tokenization, payments by token, audited opening, tamper detection, rotation. */
class VaultTest extends ApiTest {
    private static final String MASTERCARD = "5555555555554444";

    @Test
    void a_card_becomes_a_token_with_brand_last4_expiry_and_a_per_merchant_fingerprint() {
        ApiClient.Response method = api.post("/v1/payment_methods", "{\"card\": " + card(MASTERCARD)
                + ", \"billing_details\": {\"name\": \"Ada Lovelace\"}}");

        assertThat(method.status()).isEqualTo(200);
        assertThat(method.text("id")).startsWith("pm_");
        assertThat(method.body().path("card").path("brand").asString()).isEqualTo("mastercard");
        assertThat(method.body().path("card").path("last4").asString()).isEqualTo("4444");
        assertThat(method.body().path("card").path("exp_year").intValue()).isEqualTo(2034);
        assertThat(method.body().toString()).doesNotContain(MASTERCARD).doesNotContain("Ada");
        String fingerprint = method.body().path("card").path("fingerprint").asString();
        assertThat(fingerprint).hasSize(16);

        ApiClient.Response again = api.post("/v1/payment_methods", "{\"card\": " + card(MASTERCARD) + "}");
        assertThat(again.text("id")).isNotEqualTo(method.text("id"));
        assertThat(again.body().path("card").path("fingerprint").asString()).as("same card, same merchant").isEqualTo(fingerprint);
        assertThat(api.post("/v1/payment_methods", "{\"card\": " + card(VISA) + "}").body().path("card").path("fingerprint")
                .asString()).isNotEqualTo(fingerprint);
        ApiClient other = newMerchantClient("Other merchant");
        assertThat(other.post("/v1/payment_methods", "{\"card\": " + card(MASTERCARD) + "}").body().path("card")
                .path("fingerprint").asString()).as("fingerprints do not link merchants").isNotEqualTo(fingerprint);
        assertThat(other.get("/v1/payment_methods/" + method.text("id")).status()).isEqualTo(404);

        // stored: brand and last4 in the clear, the number and name only as ciphertext under a wrapped data key
        Map<String, Object> row = jdbc.sql("select * from vault_cards where payment_method_id = ?").param(method.text("id"))
                .query().singleRow();
        String ciphertext = new String((byte[]) row.get("ciphertext"), StandardCharsets.ISO_8859_1);
        assertThat(ciphertext).doesNotContain(MASTERCARD).doesNotContain("Ada");
        assertThat(((byte[]) row.get("wrapped_dek")).length).as("12-byte nonce, 32-byte key, 16-byte tag").isEqualTo(60);
        assertThat(row.get("kek_id")).isEqualTo(jdbc.sql("select id from vault_keks where state = 'active'")
                .query(String.class).single());
    }

    @Test
    void bad_cards_are_refused_and_nothing_is_stored() {
        for (String card : List.of(
                "{\"number\": \"4242424242424241\", \"exp_month\": 12, \"exp_year\": 2034}",                 // Luhn
                "{\"number\": \"42424242424242\", \"exp_month\": 12, \"exp_year\": 2034}",                   // length
                "{\"number\": \"378282246310005\", \"exp_month\": 12, \"exp_year\": 2034, \"cvc\": \"123\"}", // Amex CVC is 4
                "{\"number\": \"4242424242424242\", \"exp_month\": 12, \"exp_year\": 2034, \"cvc\": \"1234\"}",
                "{\"number\": \"4242424242424242\", \"exp_month\": 1, \"exp_year\": 2021}")) {
            ApiClient.Response refused = api.post("/v1/payment_methods", "{\"card\": " + card + "}");
            assertThat(refused.status()).as(card).isEqualTo(400);
            assertThat(refused.body().toString()).doesNotContain("424242424242");
        }
        assertThat(api.post("/v1/payment_methods", "{\"card\": " + card(VISA) + ", \"billing_details\": "
                + "{\"name\": \"card 4242424242424242\"}}").errorCode()).isEqualTo("parameter_contains_card_number");
        assertThat(count("payment_methods")).isZero();
    }

    @Test
    void a_payment_by_token_succeeds_and_each_opening_of_the_card_is_audited() {
        String token = api.post("/v1/payment_methods", "{\"card\": " + card(VISA) + "}").text("id");

        ApiClient.Response paid = api.post("/v1/payments", "{\"amount\": 1200, \"currency\": \"usd\", \"confirm\": true, "
                + "\"payment_method\": \"" + token + "\"}");

        assertThat(paid.text("status")).isEqualTo("succeeded");
        assertThat(paid.text("payment_method")).isEqualTo(token);
        assertThat(paid.body().path("payment_method_details").path("card").path("last4").asString()).isEqualTo("4242");
        List<Map<String, Object>> openings = jdbc.sql("select actor, outcome, detail::text as detail from audit_log "
                + "where action = 'vault.detokenize' and object_id = ?").param(token).query().listOfRows();
        assertThat(openings).hasSize(1);
        assertThat(openings.get(0).get("actor")).isEqualTo("provider_adapter:" + paid.text("provider"));
        assertThat(openings.get(0).get("outcome")).isEqualTo("succeeded");
        assertThat((String) openings.get(0).get("detail")).contains(paid.text("id"));

        // a token of another merchant is unknown here
        String foreign = newMerchantClient("Other").post("/v1/payment_methods", "{\"card\": " + card(VISA) + "}").text("id");
        ApiClient.Response refused = api.post("/v1/payments", "{\"amount\": 100, \"currency\": \"usd\", \"confirm\": true, "
                + "\"payment_method\": \"" + foreign + "\"}");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.errorParam()).isEqualTo("payment_method");
    }

    @Test
    void a_tampered_record_fails_to_open_with_a_clear_error_and_nothing_reaches_the_provider() {
        String token = api.post("/v1/payment_methods", "{\"card\": " + card(VISA) + "}").text("id");
        byte[] ciphertext = jdbc.sql("select ciphertext from vault_cards where payment_method_id = ?").param(token)
                .query(byte[].class).single();
        ciphertext[ciphertext.length / 2] ^= 0x01;       // one flipped bit
        jdbc.sql("update vault_cards set ciphertext = ? where payment_method_id = ?").params(ciphertext, token).update();

        ApiClient.Response failed = api.post("/v1/payments", "{\"amount\": 700, \"currency\": \"usd\", \"confirm\": true, "
                + "\"payment_method\": \"" + token + "\"}");

        assertThat(failed.status()).isEqualTo(402);
        assertThat(failed.body().path("error").path("decline_code").asString()).isEqualTo("card_data_unreadable");
        String paymentId = failed.body().path("error").path("payment").asString();
        assertThat(api.get("/v1/payments/" + paymentId).text("status")).isEqualTo("failed");
        assertThat(jdbc.sql("select outcome from audit_log where action = 'vault.detokenize' and object_id = ?")
                .param(token).query(String.class).list()).containsExactly("failed");
        assertThat(jdbc.sql("select count(*) from provider_operations where payment_id = ? and provider_reference is not null")
                .param(paymentId).query(Long.class).single()).as("no provider saw the request").isZero();
    }

    @Test
    void rotation_with_payments_flowing_rewraps_every_record_and_the_old_key_can_then_be_retired() throws Exception {
        ApiClient admin = new ApiClient(baseUrl(), ADMIN_TOKEN);
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            before.add(api.post("/v1/payment_methods", "{\"card\": " + card(VISA) + "}").text("id"));
        }
        String oldKey = jdbc.sql("select id from vault_keks where state = 'active'").query(String.class).single();

        AtomicBoolean flowing = new AtomicBoolean(true);
        ExecutorService payer = Executors.newSingleThreadExecutor();
        Future<List<String>> statuses = payer.submit(() -> {
            List<String> seen = new ArrayList<>();
            for (int i = 0; flowing.get() || i < 6; i++) {
                String token = i % 2 == 0 ? before.get(i % before.size())
                        : api.post("/v1/payment_methods", "{\"card\": " + card(MASTERCARD) + "}").text("id");
                seen.add(api.post("/v1/payments", "{\"amount\": 100, \"currency\": \"usd\", \"confirm\": true, "
                        + "\"payment_method\": \"" + token + "\"}").text("status"));
            }
            return seen;
        });
        ApiClient.Response rotated = admin.post("/v1/admin/vault/keys/rotate", "{}");
        assertThat(rotated.status()).isEqualTo(200);
        String newKey = rotated.text("id");
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(admin.post("/v1/admin/vault/keys/" + newKey + "/retire", "{}").errorCode()).isEqualTo("vault_key_active");

        Eventually.await("every record rewrapped", Duration.ofSeconds(20), () -> {
            ApiClient.Response keys = admin.get("/v1/admin/vault/keys");
            return keys.body().path("records_awaiting_rewrap").longValue() == 0 ? Optional.of(keys) : Optional.empty();
        });
        flowing.set(false);
        assertThat(statuses.get()).isNotEmpty().allMatch("succeeded"::equals);
        payer.shutdown();

        assertThat(admin.post("/v1/admin/vault/keys/" + oldKey + "/retire", "{}").status()).isEqualTo(200);
        assertThat(jdbc.sql("select state from vault_keks where id = ?").param(oldKey).query(String.class).single())
                .isEqualTo("retired");
        assertThat(jdbc.sql("select count(*) from audit_log where action in ('vault.key.rotated', 'vault.key.retired') "
                + "and object_id in (?, ?)").params(oldKey, newKey).query(Long.class).single()).isEqualTo(2);
        // cards tokenized under the retired key still pay: their data keys are wrapped by the new one now
        assertThat(api.post("/v1/payments", "{\"amount\": 300, \"currency\": \"usd\", \"confirm\": true, "
                + "\"payment_method\": \"" + before.get(0) + "\"}").text("status")).isEqualTo("succeeded");
    }

    @Test
    void a_publishable_key_creates_payment_methods_and_nothing_else() {
        ApiClient admin = new ApiClient(baseUrl(), ADMIN_TOKEN);
        String publishable = admin.post("/v1/admin/merchants/" + merchantId + "/api_keys", "{\"kind\": \"publishable\"}")
                .text("secret");
        assertThat(publishable).startsWith("pk_test_");
        ApiClient browser = api.as(publishable);

        String token = browser.post("/v1/payment_methods", "{\"card\": " + card(VISA) + "}").text("id");
        assertThat(token).startsWith("pm_");
        ApiClient.Response payment = browser.post("/v1/payments", "{\"amount\": 100, \"currency\": \"usd\", "
                + "\"payment_method\": \"" + token + "\"}");
        assertThat(payment.status()).isEqualTo(403);
        assertThat(payment.errorCode()).isEqualTo("api_key_permission_denied");
        assertThat(browser.get("/v1/payment_methods/" + token).status()).isEqualTo(403);
        assertThat(api.post("/v1/payments", "{\"amount\": 100, \"currency\": \"usd\", \"confirm\": true, "
                + "\"payment_method\": \"" + token + "\"}").text("status")).isEqualTo("succeeded");
    }
}
