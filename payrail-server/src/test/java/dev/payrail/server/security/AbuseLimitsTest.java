package dev.payrail.server.security;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.Eventually;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Rate limits per key and per address (429 with Retry-After), and the refund caps, at deliberately low settings. */
@TestPropertySource(properties = {
        "payrail.security.rate-limit-per-key=5", "payrail.security.rate-limit-per-ip=40", "payrail.security.burst-seconds=2",
        "payrail.security.max-refunds-per-payment=2", "payrail.security.max-refunds-per-merchant-per-day=3"})
class AbuseLimitsTest extends ApiTest {

    @Test
    void a_key_over_its_rate_gets_429_with_retry_after_while_another_key_goes_on() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        ApiClient.Response limited = null;
        for (int i = 0; i < 30 && limited == null; i++) {
            ApiClient.Response response = api.get("/v1/payments");
            statuses.add(response.status());
            if (response.status() == 429) {
                limited = response;
            }
        }
        assertThat(limited).as("statuses %s", statuses).isNotNull();
        assertThat(statuses).as("the burst (5/s for 2 s) passes first").startsWith(200, 200, 200, 200, 200, 200, 200, 200, 200, 200);
        assertThat(limited.errorCode()).isEqualTo("rate_limited");
        assertThat(limited.body().path("error").path("type").asString()).isEqualTo("rate_limit_error");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 2);

        ApiClient other = newMerchantClient("Other");
        assertThat(other.get("/v1/payments").status()).as("limits are per key").isEqualTo(200);
        // the bucket refills: within a second (5 tokens a second) the key is served again
        Eventually.await("a token refilled", Duration.ofSeconds(2), () ->
                api.get("/v1/payments").status() == 200 ? Optional.of(true) : Optional.empty());
    }

    @Test
    void unknown_keys_are_throttled_too_so_keys_cannot_be_guessed_at_speed() {
        ApiClient guesser = api.as("sk_test_guessguessguessguessguessguess00");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            statuses.add(guesser.get("/v1/payments").status());
        }
        assertThat(statuses).contains(401).contains(429);
    }

    @Test
    void refunds_are_capped_per_payment_and_per_merchant_per_day() {
        String first = post("/v1/payments", payment(1_000, "usd", "automatic", VISA)).text("id");
        assertThat(post("/v1/refunds", "{\"payment\": \"" + first + "\", \"amount\": 100}").text("status")).isEqualTo("succeeded");
        assertThat(post("/v1/refunds", "{\"payment\": \"" + first + "\", \"amount\": 100}").text("status")).isEqualTo("succeeded");
        ApiClient.Response third = post("/v1/refunds", "{\"payment\": \"" + first + "\", \"amount\": 100}");
        assertThat(third.status()).isEqualTo(422);
        assertThat(third.errorCode()).isEqualTo("refund_limit_per_payment");

        String second = post("/v1/payments", payment(1_000, "usd", "automatic", VISA)).text("id");
        assertThat(post("/v1/refunds", "{\"payment\": \"" + second + "\", \"amount\": 100}").text("status")).isEqualTo("succeeded");
        ApiClient.Response daily = post("/v1/refunds", "{\"payment\": \"" + second + "\", \"amount\": 100}");
        assertThat(daily.status()).isEqualTo(429);
        assertThat(daily.errorCode()).isEqualTo("refund_limit_per_day");
        assertThat(count("refunds")).isEqualTo(3);
        assertThat(api.get("/v1/payments/" + second).number("amount_refunded")).as("the refused refund moved nothing")
                .isEqualTo(100);
    }

    /** A POST that waits out this test's low rate limit (a 429 rate_limited is no answer); other answers return. */
    private ApiClient.Response post(String path, String body) {
        return Eventually.await("an answer within the rate limit", Duration.ofSeconds(5), () -> {
            ApiClient.Response response = api.post(path, body);
            return "rate_limited".equals(response.errorCode()) ? Optional.empty() : Optional.of(response);
        });
    }
}
