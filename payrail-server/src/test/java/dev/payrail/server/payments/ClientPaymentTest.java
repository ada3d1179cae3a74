package dev.payrail.server.payments;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser's side of a payment (what payrail.js calls): a publishable key with the payment's client secret may
 * confirm and read that payment, and nothing else; the card frame is served for one embedding origin only.
 */
class ClientPaymentTest extends ApiTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void a_publishable_key_with_the_client_secret_confirms_and_reads_that_payment_only() {
        ApiClient browser = new ApiClient(baseUrl(), api.post("/v1/api_keys", "{\"kind\": \"publishable\"}").text("secret"));
        ApiClient.Response created = api.post("/v1/payments", "{\"amount\": 1500, \"currency\": \"eur\", "
                + "\"metadata\": {\"order\": \"o-42\"}}");
        String id = created.text("id");
        String secret = created.text("client_secret");
        assertThat(secret).startsWith(id + "_secret_");
        assertThat(api.get("/v1/payments/" + id).text("client_secret")).as("the same on every read").isEqualTo(secret);
        assertThat(api.get("/v1/events?limit=5").body().toString()).as("never in events").doesNotContain(secret);

        assertThat(browser.get("/v1/payments/" + id).status()).as("the merchant's API is not the browser's").isEqualTo(403);
        assertThat(browser.get("/v1/client/payments/" + id + "?client_secret=" + id + "_secret_guessed").status()).isEqualTo(404);
        ApiClient.Response other = api.post("/v1/payments", "{\"amount\": 100, \"currency\": \"eur\"}");
        assertThat(browser.get("/v1/client/payments/" + other.text("id") + "?client_secret=" + encode(secret)).status())
                .as("a secret opens its own payment only").isEqualTo(404);

        String card = browser.post("/v1/payment_methods", "{\"card\": " + card(VISA) + "}").text("id");
        ApiClient.Response confirmed = browser.post("/v1/client/payments/" + id + "/confirm", "{\"client_secret\": \""
                + secret + "\", \"payment_method\": \"" + card + "\"}", "browser-" + id);
        assertThat(confirmed.status()).as(confirmed.body().toString()).isEqualTo(200);
        assertThat(confirmed.text("status")).isEqualTo("succeeded");
        assertThat(confirmed.body().has("metadata")).as("the merchant's own data stays with the merchant").isFalse();
        assertThat(confirmed.body().has("client_secret")).isFalse();
        ApiClient.Response replay = browser.post("/v1/client/payments/" + id + "/confirm", "{\"client_secret\": \""
                + secret + "\", \"payment_method\": \"" + card + "\"}", "browser-" + id);
        assertThat(replay.body()).as("the key's answer, replayed").isEqualTo(confirmed.body());
        assertThat(simulator.authorizationsFor(id)).hasSize(1);

        JsonNode read = browser.get("/v1/client/payments/" + id + "?client_secret=" + encode(secret)).body();
        assertThat(read.path("status").asString()).isEqualTo("succeeded");
        assertThat(read.path("payment_method_details").path("card").path("last4").asString()).isEqualTo("4242");
    }

    @Test
    void another_merchants_publishable_key_cannot_use_the_secret_or_the_card() {
        ApiClient.Response created = api.post("/v1/payments", "{\"amount\": 1500, \"currency\": \"eur\"}");
        String secret = created.text("client_secret");
        String ownKey = api.post("/v1/api_keys", "{\"kind\": \"publishable\"}").text("secret");
        String card = new ApiClient(baseUrl(), ownKey).post("/v1/payment_methods", "{\"card\": " + card(VISA) + "}").text("id");

        ApiClient stranger = newMerchantClient("Stranger");
        ApiClient strangerBrowser = new ApiClient(baseUrl(), stranger.post("/v1/api_keys", "{\"kind\": \"publishable\"}").text("secret"));
        ApiClient.Response refused = strangerBrowser.post("/v1/client/payments/" + created.text("id") + "/confirm",
                "{\"client_secret\": \"" + secret + "\", \"payment_method\": \"" + card + "\"}");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(simulator.authorizationsFor(created.text("id"))).isEmpty();
    }

    @Test
    void the_card_frame_is_framed_only_by_the_origin_it_is_served_for() throws Exception {
        HttpResponse<String> frame = get("/js/card-frame?key=pk_test_abcdefgh12345678&origin=" + encode("https://shop.example"));
        assertThat(frame.statusCode()).isEqualTo(200);
        assertThat(frame.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("frame-ancestors https://shop.example;").contains("connect-src 'self'").contains("script-src 'self'");
        assertThat(frame.body()).contains("<label for=\"card_number\">").doesNotContain("<script>");
        assertThat(get("/js/card-frame?key=pk_test_abcdefgh12345678&origin=" + encode("https://shop.example/path")).statusCode())
                .isEqualTo(400);
        assertThat(get("/js/card-frame?key=pk_test_abcdefgh12345678&origin=" + encode("https://a.example; script-src *"))
                .statusCode()).as("no CSP injection through the origin").isEqualTo(400);
        assertThat(get("/js/card-frame?key=sk_test_abcdefgh12345678&origin=" + encode("https://shop.example")).statusCode())
                .as("a secret key never goes into a page").isEqualTo(400);
        HttpResponse<String> script = get("/js/payrail.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElseThrow()).contains("javascript");
        assertThat(script.headers().firstValue("X-Content-Type-Options").orElseThrow()).isEqualTo("nosniff");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
