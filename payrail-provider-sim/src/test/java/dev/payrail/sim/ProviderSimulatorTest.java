package dev.payrail.sim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderSimulatorTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private ProviderSimulator simulator;

    @BeforeEach
    void start() throws Exception {
        simulator = ProviderSimulator.startOnLoopback(SimulatorSettings.defaults().withHangFor(Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void a_repeated_key_is_answered_from_memory_and_charges_once() throws Exception {
        String body = authorization("4242424242424242", "pay_1");

        HttpResponse<String> first = post("/v1/authorizations", "key-1", body);
        HttpResponse<String> second = post("/v1/authorizations", "key-1", body);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(simulator.executedCharges()).isEqualTo(1);
        assertThat(JSON.readTree(get("/sim/authorizations?payment_reference=pay_1").body()).path("data").size()).isEqualTo(1);
    }

    @Test
    void test_cards_pick_declines_and_errors() throws Exception {
        HttpResponse<String> declined = post("/v1/authorizations", "k-d", authorization("4000000000009995", "pay_2"));
        HttpResponse<String> error = post("/v1/authorizations", "k-e", authorization("4000000000000119", "pay_3"));

        assertThat(declined.statusCode()).isEqualTo(402);
        assertThat(JSON.readTree(declined.body()).path("error").path("decline_code").asString()).isEqualTo("insufficient_funds");
        assertThat(error.statusCode()).isEqualTo(500);
        assertThat(get("/v1/operations/k-e").statusCode()).as("a 500 did nothing, so there is nothing to find").isEqualTo(404);
        assertThat(simulator.executedCharges()).isZero();
    }

    @Test
    void charge_then_timeout_records_the_charge_before_the_late_answer() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1/authorizations"))
                .timeout(Duration.ofMillis(300))
                .header("Idempotency-Key", "k-hang")
                .POST(HttpRequest.BodyPublishers.ofString(authorization("4000000000000341", "pay_4")))
                .build();

        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        JsonNode lookup = awaitOperation("k-hang");
        assertThat(lookup.path("http_status").intValue()).isEqualTo(200);
        assertThat(lookup.path("body").path("status").asString()).isEqualTo("authorized");
        assertThat(simulator.executedCharges()).isEqualTo(1);
    }

    @Test
    void capture_refund_and_void_follow_the_authorization() throws Exception {
        String id = JSON.readTree(post("/v1/authorizations", "k-a", authorization("4242424242424242", "pay_5")).body())
                .path("id").asString();

        assertThat(post("/v1/authorizations/" + id + "/capture", "k-c", "{\"amount\": 600}").statusCode()).isEqualTo(200);
        assertThat(post("/v1/authorizations/" + id + "/void", "k-v", "{}").statusCode()).isEqualTo(409);
        assertThat(post("/v1/authorizations/" + id + "/refunds", "k-r1", "{\"amount\": 500}").statusCode()).isEqualTo(200);
        assertThat(post("/v1/authorizations/" + id + "/refunds", "k-r2", "{\"amount\": 101}").statusCode()).isEqualTo(400);
        JsonNode auth = JSON.readTree(get("/v1/authorizations/" + id).body());
        assertThat(auth.path("captured_amount").longValue()).isEqualTo(600);
        assertThat(auth.path("refunded_amount").longValue()).isEqualTo(500);
    }

    @Test
    void requests_without_an_idempotency_key_are_refused() throws Exception {
        HttpResponse<String> response = post("/v1/authorizations", null, authorization("4242424242424242", "pay_6"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(simulator.executedCharges()).isZero();
    }

    /** The simulator records the charge as soon as the request arrives, which a cold JVM may take a moment to do. */
    private JsonNode awaitOperation(String key) throws Exception {
        return await("/v1/operations/" + key, found -> found.statusCode() != 404);
    }

    /** GETs {@code path} until {@code done} holds or five seconds pass; the last answer, as JSON. */
    private JsonNode await(String path, java.util.function.Predicate<HttpResponse<String>> done) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        HttpResponse<String> found = get(path);
        while (!done.test(found) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            found = get(path);
        }
        return JSON.readTree(found.body());
    }

    @Test
    void payouts_travel_then_arrive_or_come_back_and_bad_accounts_are_refused() throws Exception {
        simulator.close();
        simulator = ProviderSimulator.startOnLoopback(SimulatorSettings.defaults().withPayoutArrival(Duration.ofMillis(300)));
        HttpResponse<String> sent = post("/v1/payouts", "po-1", "{\"amount\": 5000, \"currency\": \"usd\", \"destination\": \"ba_123\"}");
        HttpResponse<String> again = post("/v1/payouts", "po-1", "{\"amount\": 5000, \"currency\": \"usd\", \"destination\": \"ba_123\"}");
        HttpResponse<String> closed = post("/v1/payouts", "po-2", "{\"amount\": 700, \"currency\": \"eur\", \"destination\": \"ba_closed_9\"}");
        HttpResponse<String> invalid = post("/v1/payouts", "po-3", "{\"amount\": 700, \"currency\": \"eur\", \"destination\": \"ba_invalid_1\"}");

        String id = JSON.readTree(sent.body()).path("id").asString();
        assertThat(JSON.readTree(sent.body()).path("status").asString()).isEqualTo("in_transit");
        assertThat(JSON.readTree(again.body()).path("id").asString()).as("same key, same payout").isEqualTo(id);
        assertThat(invalid.statusCode()).isEqualTo(402);
        assertThat(JSON.readTree(invalid.body()).path("error").path("code").asString()).isEqualTo("invalid_account");
        assertThat(post("/v1/payouts", "po-4", "{\"amount\": -1, \"currency\": \"eur\", \"destination\": \"ba_1\"}").statusCode())
                .isEqualTo(400);
        assertThat(await("/v1/payouts/" + id, r -> r.body().contains("\"paid\"")).path("status").asString()).isEqualTo("paid");
        JsonNode returned = await("/v1/payouts/" + JSON.readTree(closed.body()).path("id").asString(),
                r -> r.body().contains("\"failed\""));
        assertThat(returned.path("status").asString()).isEqualTo("failed");
        assertThat(returned.path("failure_code").asString()).isEqualTo("account_closed");
        assertThat(JSON.readTree(get("/v1/operations/po-1").body()).path("kind").asString()).isEqualTo("payout");
    }

    private static String authorization(String card, String paymentReference) {
        return "{\"amount\": 1000, \"currency\": \"usd\", \"capture\": false, \"payment_reference\": \"" + paymentReference
                + "\", \"card\": {\"number\": \"" + card + "\", \"exp_month\": 12, \"exp_year\": 2034}}";
    }

    private HttpResponse<String> post(String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
