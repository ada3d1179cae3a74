package dev.payrail.server.payments;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /v1/payments/{id}: a payment's words change in any status, key by key; its money never does. */
class PaymentUpdateTest extends ApiTest {

    @Test
    void descriptionReferenceAndMetadataChangeKeyByKeyAndNothingElseDoes() {
        ApiClient.Response created = api.post("/v1/payments", "{\"amount\": 1200, \"currency\": \"usd\", \"confirm\": true,"
                + " \"description\": \"Cart\", \"metadata\": {\"order\": \"A-1\", \"channel\": \"web\"}, \"card\": " + card(VISA) + "}");
        String id = created.text("id");

        ApiClient.Response updated = api.post("/v1/payments/" + id, "{\"description\": \"Order A-1\", \"merchant_reference\": \"R-7\","
                + " \"metadata\": {\"shipment\": \"S-9\", \"channel\": \"\"}}", "update-" + id);

        assertThat(updated.status()).as(updated.body().toString()).isEqualTo(200);
        assertThat(updated.text("description")).isEqualTo("Order A-1");
        assertThat(updated.text("merchant_reference")).isEqualTo("R-7");
        assertThat(updated.body().path("metadata").properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("order", "shipment");
        assertThat(updated.text("status")).isEqualTo("succeeded");
        // the same key answers the same again, without a second change
        ApiClient.Response replay = api.post("/v1/payments/" + id, "{\"description\": \"Order A-1\", \"merchant_reference\": \"R-7\","
                + " \"metadata\": {\"shipment\": \"S-9\", \"channel\": \"\"}}", "update-" + id);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.body()).isEqualTo(updated.body());

        ApiClient.Response cleared = api.post("/v1/payments/" + id, "{\"description\": null, \"metadata\": null}");
        assertThat(cleared.body().path("description").isNull()).as(cleared.body().toString()).isTrue();
        assertThat(cleared.body().path("metadata").isEmpty()).isTrue();
        assertThat(cleared.text("merchant_reference")).isEqualTo("R-7");

        ApiClient.Response money = api.post("/v1/payments/" + id, "{\"amount\": 1}");
        assertThat(money.status()).isEqualTo(400);
        assertThat(money.errorParam()).isEqualTo("amount");
        assertThat(api.get("/v1/payments/" + id).number("amount")).isEqualTo(1200L);
        assertThat(api.post("/v1/payments/pay_unknown0000000000000000", "{\"description\": \"x\"}").status()).isEqualTo(404);
        assertThat(newMerchantClient("Other").post("/v1/payments/" + id, "{\"description\": \"x\"}").status()).isEqualTo(404);
        assertLedgerConsistent();
    }
}
