package dev.payrail.server.payments;

import dev.payrail.server.idempotency.IdempotencyKeyPurge;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.Eventually;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyTest extends ApiTest {

    @Autowired
    IdempotencyKeyPurge purge;

    @Test
    void a_repeated_request_returns_the_stored_answer_and_charges_once() {
        String body = payment(2500, "usd", "automatic", VISA);

        ApiClient.Response first = api.post("/v1/payments", body, "order-1");
        ApiClient.Response second = api.post("/v1/payments", body, "order-1");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.raw().body()).isEqualTo(first.raw().body());
        assertThat(count("payments")).isEqualTo(1);
        assertThat(simulator.authorizationsFor(first.text("id"))).hasSize(1);
    }

    @Test
    void a_retried_confirm_that_ran_gets_its_answer_not_a_conflict_and_a_new_key_gets_the_conflict() {
        String id = api.post("/v1/payments", "{\"amount\": 1200, \"currency\": \"eur\"}").text("id");
        String body = "{\"card\": " + card(VISA) + "}";
        ApiClient.Response first = api.post("/v1/payments/" + id + "/confirm", body, "confirm-" + id);
        ApiClient.Response retried = api.post("/v1/payments/" + id + "/confirm", body, "confirm-" + id);
        assertThat(first.status()).isEqualTo(200);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retried.raw().body()).isEqualTo(first.raw().body());
        ApiClient.Response again = api.post("/v1/payments/" + id + "/confirm", body, "confirm-again-" + id);
        assertThat(again.status()).as("another confirm of a succeeded payment").isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("payment_state_invalid");
        assertThat(simulator.authorizationsFor(id)).hasSize(1);
    }

    @Test
    void a_replayed_decline_stays_a_decline_without_a_second_authorization() {
        String body = payment(2500, "usd", "automatic", "4000000000000002");

        ApiClient.Response first = api.post("/v1/payments", body, "declined-1");
        ApiClient.Response second = api.post("/v1/payments", body, "declined-1");

        assertThat(first.status()).isEqualTo(402);
        assertThat(second.status()).isEqualTo(402);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        String paymentId = first.body().path("error").path("payment").asString();
        assertThat(simulator.authorizationsFor(paymentId)).hasSize(1);
    }

    @Test
    void the_same_key_with_a_different_request_is_refused_with_422() {
        api.post("/v1/payments", payment(2500, "usd", "automatic", VISA), "order-2");

        ApiClient.Response reused = api.post("/v1/payments", payment(2600, "usd", "automatic", VISA), "order-2");

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.errorCode()).isEqualTo("idempotency_key_reused");
        assertThat(count("payments")).isEqualTo(1);
    }

    @Test
    void the_same_parameters_in_another_order_and_spacing_are_the_same_request() {
        ApiClient.Response first = api.post("/v1/payments",
                "{\"amount\": 700, \"currency\": \"usd\", \"metadata\": {\"order\": \"1\", \"cart\": \"2\"}}", "order-canon");
        ApiClient.Response reordered = api.post("/v1/payments",
                "{\"metadata\":{\"cart\":\"2\",\"order\":\"1\"},\"currency\":\"usd\",\"amount\":700}", "order-canon");
        ApiClient.Response retyped = api.post("/v1/payments",
                "{\"amount\": \"700\", \"currency\": \"usd\", \"metadata\": {\"order\": \"1\", \"cart\": \"2\"}}", "order-canon");

        assertThat(reordered.status()).isEqualTo(first.status());
        assertThat(reordered.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(reordered.text("id")).isEqualTo(first.text("id"));
        assertThat(retyped.status()).as("a value of another type is another request").isEqualTo(422);
        assertThat(count("payments")).isEqualTo(1);
    }

    @Test
    void the_same_key_while_the_first_request_runs_is_refused_with_409() throws Exception {
        String slowCard = "4000000000000259";
        String body = payment(900, "usd", "automatic", slowCard);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            CompletableFuture<ApiClient.Response> first =
                    CompletableFuture.supplyAsync(() -> api.post("/v1/payments", body, "slow-1"), threads);
            ApiClient.Response whileRunning = awaitInProgress(body);
            ApiClient.Response original = first.get();

            assertThat(whileRunning.status()).isEqualTo(409);
            assertThat(whileRunning.errorCode()).isEqualTo("idempotency_key_in_use");
            assertThat(original.status()).isEqualTo(200);
            assertThat(api.post("/v1/payments", body, "slow-1").header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(simulator.authorizationsFor(original.text("id"))).hasSize(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void many_concurrent_requests_with_one_key_create_one_payment() throws Exception {
        String body = payment(1234, "usd", "automatic", VISA);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<ApiClient.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> api.post("/v1/payments", body, "burst-1"), threads));
            }
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<ApiClient.Response> answer : answers) {
                statuses.add(answer.get().status());
            }
            assertThat(statuses).containsOnly(200, 409).contains(200);
            assertThat(count("payments")).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void keys_are_scoped_per_merchant() {
        ApiClient other = newMerchantClient("Other merchant");
        String body = payment(2500, "usd", "automatic", VISA);

        ApiClient.Response mine = api.post("/v1/payments", body, "shared-key");
        ApiClient.Response theirs = other.post("/v1/payments", body, "shared-key");

        assertThat(theirs.header("Idempotent-Replayed")).isNull();
        assertThat(theirs.text("id")).isNotEqualTo(mine.text("id"));
    }

    @Test
    void a_request_refused_by_validation_leaves_the_key_free_for_the_corrected_one() {
        ApiClient.Response bad = api.post("/v1/payments", "{\"amount\": -1, \"currency\": \"usd\"}", "fix-me");
        ApiClient.Response fixed = api.post("/v1/payments", "{\"amount\": 1, \"currency\": \"usd\"}", "fix-me");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(fixed.status()).isEqualTo(200);
        assertThat(fixed.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void captures_and_refunds_honour_keys_too() {
        String id = api.post("/v1/payments", payment(3000, "usd", "manual", VISA)).text("id");
        ApiClient.Response capture = api.post("/v1/payments/" + id + "/capture", "{\"amount_to_capture\": 2000}", "cap-1");
        ApiClient.Response captureAgain = api.post("/v1/payments/" + id + "/capture", "{\"amount_to_capture\": 2000}", "cap-1");
        String refundBody = "{\"payment\": \"" + id + "\", \"amount\": 500}";
        ApiClient.Response refund = api.post("/v1/refunds", refundBody, "ref-1");
        ApiClient.Response refundAgain = api.post("/v1/refunds", refundBody, "ref-1");

        assertThat(captureAgain.status()).isEqualTo(200);
        assertThat(captureAgain.raw().body()).isEqualTo(capture.raw().body());
        assertThat(refundAgain.text("id")).isEqualTo(refund.text("id"));
        assertThat(count("refunds")).isEqualTo(1);
        assertThat(api.get("/v1/payments/" + id).number("amount_refunded")).isEqualTo(500);
    }

    @Test
    void keys_older_than_the_retention_are_purged() {
        api.post("/v1/payments", "{\"amount\": 1, \"currency\": \"usd\"}", "old-key");
        api.post("/v1/payments", "{\"amount\": 1, \"currency\": \"usd\"}", "new-key");
        jdbc.sql("update idempotency_keys set created_at = now() - interval '25 hours' where scope = ? and key = 'old-key'")
                .param(merchantId).update();

        purge.purge();

        List<String> left = jdbc.sql("select key from idempotency_keys where scope = ?").param(merchantId)
                .query(String.class).list();
        assertThat(left).containsExactly("new-key");
    }

    /** Waits until the first request holds the key, then sends the same request once more. */
    private ApiClient.Response awaitInProgress(String body) {
        Eventually.await("the first request holding its key", Duration.ofSeconds(5), () ->
                jdbc.sql("select count(*) from idempotency_keys where scope = ? and key = 'slow-1' and status = 'in_progress'")
                        .param(merchantId).query(Long.class).single() == 1 ? java.util.Optional.of(true) : java.util.Optional.empty());
        return api.post("/v1/payments", body, "slow-1");
    }
}
