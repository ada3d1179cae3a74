package dev.payrail.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A simulator with a state file remembers what it did across a restart, as a real provider does. */
class SimulatorRestartTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void payments_made_before_a_restart_can_be_captured_and_refunded_after_it_on_every_face() throws Exception {
        Path state = dir.resolve("sim.jsonl");
        String nativeAuth;
        String stripeIntent;
        String adyenPsp;
        String firstRunAuthorizedBody;
        String pm;
        String payout;
        try (ProviderSimulator first = ProviderSimulator.startOnLoopback(SimulatorSettings.defaults().withStateFile(state))) {
            HttpResponse<String> authorized = post(first, "/v1/authorizations", "k-1", "application/json",
                    "{\"amount\": 1000, \"currency\": \"usd\", \"payment_reference\": \"pay_a\", \"card\": "
                            + "{\"number\": \"4242424242424242\", \"exp_month\": 12, \"exp_year\": 2034}}");
            firstRunAuthorizedBody = authorized.body();
            nativeAuth = JSON.readTree(authorized.body()).path("id").asString();
            pm = JSON.readTree(post(first, "/v1/payment_methods", null, "application/x-www-form-urlencoded",
                    "type=card&card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=2034").body()).path("id").asString();
            stripeIntent = JSON.readTree(post(first, "/v1/payment_intents", "k-2", "application/x-www-form-urlencoded",
                    "amount=2000&currency=usd&confirm=true&payment_method=" + pm).body()).path("id").asString();
            adyenPsp = JSON.readTree(adyen(first, "/v71/payments", "k-3", "{\"amount\": {\"currency\": \"EUR\", \"value\": 3000}, "
                    + "\"reference\": \"pay_c\", \"merchantAccount\": \"M\", \"paymentMethod\": {\"type\": \"scheme\", "
                    + "\"number\": \"4242424242424242\", \"expiryMonth\": \"12\", \"expiryYear\": \"2034\"}}").body())
                    .path("pspReference").asString();
            payout = JSON.readTree(post(first, "/v1/payouts", "k-p", "application/json",
                    "{\"amount\": 4100, \"currency\": \"usd\", \"destination\": \"ba_restart\"}").body()).path("id").asString();
        }
        assertThat(Files.readString(state)).as("no card number on disk").doesNotContain("4242424242424242");

        try (ProviderSimulator second = ProviderSimulator.startOnLoopback(SimulatorSettings.defaults().withStateFile(state))) {
            assertThat(post(second, "/v1/authorizations/" + nativeAuth + "/capture", "k-4", "application/json", "{\"amount\": 600}")
                    .statusCode()).isEqualTo(200);
            HttpResponse<String> refund = post(second, "/v1/authorizations/" + nativeAuth + "/refunds", "k-5", "application/json",
                    "{\"amount\": 600}");
            assertThat(refund.statusCode()).isEqualTo(200);
            assertThat(post(second, "/v1/refunds", "k-6", "application/x-www-form-urlencoded",
                    "payment_intent=" + stripeIntent + "&amount=500").statusCode()).isEqualTo(200);
            assertThat(adyen(second, "/v71/payments/" + adyenPsp + "/refunds", "k-7",
                    "{\"amount\": {\"currency\": \"EUR\", \"value\": 3000}, \"merchantAccount\": \"M\", \"reference\": \"ref_c\"}")
                    .statusCode()).isEqualTo(201);

            assertThat(post(second, "/v1/payment_intents", "k-9", "application/x-www-form-urlencoded",
                    "amount=900&currency=usd&confirm=true&payment_method=" + pm).statusCode())
                    .as("a card saved before the restart pays after it").isEqualTo(200);
            JsonNode remembered = JSON.readTree(get(second, "/v1/payouts/" + payout).body());
            assertThat(remembered.path("amount").asLong()).isEqualTo(4100);
            assertThat(remembered.path("destination").asString()).isEqualTo("ba_restart");

            assertThat(post(second, "/v1/authorizations", "k-1", "application/json", "{\"amount\": 1000, \"currency\": \"usd\", "
                    + "\"payment_reference\": \"pay_a\", \"card\": {\"number\": \"4242424242424242\", \"exp_month\": 12, "
                    + "\"exp_year\": 2034}}").body())
                    .as("a key used before the restart is answered from memory").isEqualTo(firstRunAuthorizedBody);
            JsonNode lookup = JSON.readTree(get(second, "/v1/operations/k-1").body());
            assertThat(lookup.path("body").path("id").asString()).isEqualTo(nativeAuth);

            String newAuth = JSON.readTree(post(second, "/v1/authorizations", "k-8", "application/json",
                    "{\"amount\": 700, \"currency\": \"usd\", \"payment_reference\": \"pay_d\", \"card\": "
                            + "{\"number\": \"4242424242424242\", \"exp_month\": 12, \"exp_year\": 2034}}").body()).path("id").asString();
            assertThat(newAuth).as("references are never handed out twice").isNotEqualTo(nativeAuth);
            assertThat(second.executedCharges()).isEqualTo(5);
        }
    }

    @Test
    void references_differ_between_runs_even_without_a_state_file() throws Exception {
        String body = "{\"amount\": 100, \"currency\": \"usd\", \"payment_reference\": \"pay_x\", \"card\": "
                + "{\"number\": \"4242424242424242\", \"exp_month\": 12, \"exp_year\": 2034}}";
        String first;
        String second;
        try (ProviderSimulator run = ProviderSimulator.startOnLoopback(SimulatorSettings.defaults())) {
            first = JSON.readTree(post(run, "/v1/authorizations", "k", "application/json", body).body()).path("id").asString();
        }
        try (ProviderSimulator run = ProviderSimulator.startOnLoopback(SimulatorSettings.defaults())) {
            second = JSON.readTree(post(run, "/v1/authorizations", "k", "application/json", body).body()).path("id").asString();
        }
        assertThat(first).startsWith("simauth_").isNotEqualTo(second);
    }

    @Test
    void a_line_torn_by_a_crash_is_dropped_and_the_rest_is_kept() throws Exception {
        Path state = dir.resolve("torn.jsonl");
        String auth;
        try (ProviderSimulator run = ProviderSimulator.startOnLoopback(SimulatorSettings.defaults().withStateFile(state))) {
            auth = JSON.readTree(post(run, "/v1/authorizations", "k", "application/json", "{\"amount\": 100, \"currency\": \"usd\", "
                    + "\"payment_reference\": \"pay_t\", \"capture\": true, \"card\": {\"number\": \"4242424242424242\", "
                    + "\"exp_month\": 12, \"exp_year\": 2034}}").body()).path("id").asString();
        }
        Files.writeString(state, "{\"kind\": \"authorization\", \"id\": \"simauth_to", java.nio.file.StandardOpenOption.APPEND);
        try (ProviderSimulator run = ProviderSimulator.startOnLoopback(SimulatorSettings.defaults().withStateFile(state))) {
            assertThat(JSON.readTree(get(run, "/v1/authorizations/" + auth).body()).path("status").asString()).isEqualTo("captured");
        }
    }

    private HttpResponse<String> post(ProviderSimulator sim, String path, String key, String type, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> adyen(ProviderSimulator sim, String path, String key, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).header("Content-Type", "application/json")
                .header("X-API-Key", "k").header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(ProviderSimulator sim, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
