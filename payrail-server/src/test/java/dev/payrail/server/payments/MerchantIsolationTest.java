package dev.payrail.server.payments;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MerchantIsolationTest extends ApiTest {

    @Test
    void another_merchants_payment_answers_404_to_every_verb() {
        String id = api.post("/v1/payments", payment(1000, "usd", "manual", VISA)).text("id");
        ApiClient other = newMerchantClient("Other merchant");

        assertThat(other.get("/v1/payments/" + id).status()).isEqualTo(404);
        assertThat(other.get("/v1/payments/" + id + "/events").status()).isEqualTo(404);
        assertThat(other.post("/v1/payments/" + id + "/capture", "{}").status()).isEqualTo(404);
        assertThat(other.post("/v1/payments/" + id + "/cancel", "{}").status()).isEqualTo(404);
        assertThat(other.post("/v1/refunds", "{\"payment\": \"" + id + "\"}").status()).isEqualTo(404);
        assertThat(other.get("/v1/payments").body().path("data").size()).isZero();
        assertThat(api.get("/v1/payments/" + id).text("status")).as("untouched").isEqualTo("requires_capture");
    }
}
