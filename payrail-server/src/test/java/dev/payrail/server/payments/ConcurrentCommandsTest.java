package dev.payrail.server.payments;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.RepeatedTest;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Two commands on one payment at the same moment, on real threads against the real database. */
class ConcurrentCommandsTest extends ApiTest {

    @RepeatedTest(5)
    void two_concurrent_captures_one_wins_the_other_gets_409() throws Exception {
        String id = api.post("/v1/payments", payment(5000, "usd", "manual", VISA)).text("id");

        List<ApiClient.Response> answers = race(
                () -> api.post("/v1/payments/" + id + "/capture", "{\"amount_to_capture\": 3000}"),
                () -> api.post("/v1/payments/" + id + "/capture", "{\"amount_to_capture\": 4000}"));

        assertThat(answers).extracting(ApiClient.Response::status).containsExactlyInAnyOrder(200, 409);
        long captured = api.get("/v1/payments/" + id).number("amount_received");
        long winner = answers.stream().filter(a -> a.status() == 200).findFirst().orElseThrow().number("amount_received");
        assertThat(captured).isEqualTo(winner).isIn(3000L, 4000L);
        assertThat(simulator.authorizationsFor(id).get(0).path("captured_amount").longValue()).isEqualTo(captured);
    }

    @RepeatedTest(5)
    void capture_racing_cancel_exactly_one_wins() throws Exception {
        String id = api.post("/v1/payments", payment(5000, "usd", "manual", VISA)).text("id");

        List<ApiClient.Response> answers = race(
                () -> api.post("/v1/payments/" + id + "/capture", "{}"),
                () -> api.post("/v1/payments/" + id + "/cancel", "{}"));

        assertThat(answers).extracting(ApiClient.Response::status).containsExactlyInAnyOrder(200, 409);
        String status = api.get("/v1/payments/" + id).text("status");
        String atProvider = simulator.authorizationsFor(id).get(0).path("status").asString();
        if (answers.get(0).status() == 200) {
            assertThat(status).isEqualTo("succeeded");
            assertThat(atProvider).isEqualTo("captured");
        } else {
            assertThat(status).isEqualTo("canceled");
            assertThat(atProvider).isEqualTo("voided");
        }
    }

    @RepeatedTest(3)
    void concurrent_partial_refunds_queue_and_never_refund_more_than_was_captured() throws Exception {
        String id = api.post("/v1/payments", payment(5000, "usd", "automatic", VISA)).text("id");

        // 2000 + 2000 fit, the third 2000 does not: exactly one of the three is refused, whichever comes last.
        List<ApiClient.Response> answers = race(
                () -> api.post("/v1/refunds", "{\"payment\": \"" + id + "\", \"amount\": 2000}"),
                () -> api.post("/v1/refunds", "{\"payment\": \"" + id + "\", \"amount\": 2000}"),
                () -> api.post("/v1/refunds", "{\"payment\": \"" + id + "\", \"amount\": 2000}"));

        assertThat(answers).extracting(ApiClient.Response::status).containsExactlyInAnyOrder(200, 200, 400);
        assertThat(answers).filteredOn(a -> a.status() == 400).extracting(ApiClient.Response::errorParam).containsOnly("amount");
        assertThat(api.get("/v1/payments/" + id).number("amount_refunded")).isEqualTo(4000);
        assertThat(simulator.authorizationsFor(id).get(0).path("refunded_amount").longValue()).isEqualTo(4000);
        assertLedgerConsistent();
    }

    @SafeVarargs
    private List<ApiClient.Response> race(Supplier<ApiClient.Response>... commands) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(commands.length);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<CompletableFuture<ApiClient.Response>> futures = java.util.Arrays.stream(commands)
                    .map(command -> CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return command.get();
                    }, threads))
                    .toList();
            start.countDown();
            List<ApiClient.Response> answers = new java.util.ArrayList<>();
            for (CompletableFuture<ApiClient.Response> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }
}
