package dev.payrail.server.stripe;

import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wrong requests to the Stripe-compatible surface, sent as raw HTTP: each is answered with Stripe's error object
 * (type, code, message, param in Stripe's bracket names) and the status the libraries expect, and stores nothing.
 */
class StripeBadInputTest extends ApiTest {
    @Autowired
    StripePort stripePort;

    record Case(String path, String contentType, String body, int status, String type, String param) {
    }

    @Test
    void everyWrongRequestIsAStripeErrorAndStoresNothing() throws Exception {
        List<Case> cases = List.of(
                new Case("/v1/payment_intents", "application/x-www-form-urlencoded", "amount=100&currency=usd&colour=red", 400,
                        "invalid_request_error", "colour"),
                new Case("/v1/payment_intents", "application/x-www-form-urlencoded", "amount=ten&currency=usd", 400,
                        "invalid_request_error", "amount"),
                new Case("/v1/payment_intents", "application/x-www-form-urlencoded", "amount=100", 400,
                        "invalid_request_error", "currency"),
                new Case("/v1/payment_intents", "application/x-www-form-urlencoded", "amount=100&currency=usd&confirm=maybe", 400,
                        "invalid_request_error", "confirm"),
                new Case("/v1/payment_intents", "application/x-www-form-urlencoded",
                        "amount=100&currency=usd&confirm=true&payment_method_data[type]=card&payment_method_data[card][number]=4242424242424242"
                                + "&payment_method_data[card][exp_month]=12&payment_method_data[card][exp_year]=2034&payment_method_data[card][colour]=x",
                        400, "invalid_request_error", "payment_method_data[card][colour]"),
                new Case("/v1/payment_intents", "application/x-www-form-urlencoded",
                        "amount=100&currency=usd&payment_method_types[]=sofort", 400, "invalid_request_error", "payment_method_types"),
                new Case("/v1/payment_intents", "application/x-www-form-urlencoded", "amount=100&currency=usd&expand[]=invoice", 400,
                        "invalid_request_error", "expand"),
                new Case("/v1/payment_intents", "application/json", "{\"amount\": 100, \"currency\": \"usd\"}", 400,
                        "invalid_request_error", null),
                new Case("/v1/payment_intents", "application/x-www-form-urlencoded", "amount=100&currency=usd&metadata[order]=4242424242424242",
                        400, "invalid_request_error", "metadata[order]"),
                new Case("/v1/payment_intents", "application/x-www-form-urlencoded",
                        "amount=100&currency=usd&payment_method_data[type]=card&payment_method_data[billing_details][name]=J", 400,
                        "invalid_request_error", "payment_method_data[billing_details]"),
                new Case("/v1/payment_methods", "application/x-www-form-urlencoded", "type=card&card[token]=tok_visa"
                        + "&billing_details[email]=j@example.com", 400, "invalid_request_error", "billing_details[email]"),
                new Case("/v1/customers", "application/x-www-form-urlencoded", "email=not-an-email", 400,
                        "invalid_request_error", "email"),
                new Case("/v1/refunds", "application/x-www-form-urlencoded", "amount=100", 400, "invalid_request_error", "payment_intent"),
                new Case("/v1/payment_methods", "application/x-www-form-urlencoded", "type=card&card[number]=4242424242424241"
                        + "&card[exp_month]=12&card[exp_year]=2034", 400, "invalid_request_error", "card[number]"),
                new Case("/v1/webhook_endpoints", "application/x-www-form-urlencoded", "url=https://hooks.example/x&enabled_events[]=invoice.paid",
                        400, "invalid_request_error", "enabled_events"));
        JsonMapper json = JsonMapper.builder().build();
        HttpClient http = HttpClient.newHttpClient();
        for (Case c : cases) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + stripePort.localPort().orElseThrow() + c.path()))
                    .header("Authorization", "Bearer " + api.bearer()).header("Content-Type", c.contentType())
                    .POST(HttpRequest.BodyPublishers.ofString(c.body())).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode error = json.readTree(answer.body()).path("error");
            assertThat(answer.statusCode()).as(c.body() + " -> " + answer.body()).isEqualTo(c.status());
            assertThat(error.path("type").asString()).as(answer.body()).isEqualTo(c.type());
            assertThat(error.path("message").asString()).as(answer.body()).isNotBlank().doesNotContain("4242424242424242");
            if (c.param() != null) {
                assertThat(error.path("param").asString()).as(answer.body()).isEqualTo(c.param());
            }
        }
        // a list that expands nothing refuses expand[] rather than ignore it; a malformed Stripe-Version is refused too
        HttpResponse<String> expanded = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + stripePort.localPort().orElseThrow() + "/v1/customers?expand%5B%5D=data.default_source"))
                .header("Authorization", "Bearer " + api.bearer()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(expanded.statusCode()).as(expanded.body()).isEqualTo(400);
        assertThat(json.readTree(expanded.body()).path("error").path("param").asString()).isEqualTo("expand");
        HttpResponse<String> version = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + stripePort.localPort().orElseThrow() + "/v1/customers"))
                .header("Authorization", "Bearer " + api.bearer()).header("Stripe-Version", "latest").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(version.statusCode()).as(version.body()).isEqualTo(400);
        assertThat(json.readTree(version.body()).path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(count("payments")).isZero();
        assertThat(count("customers")).isZero();
        assertThat(count("payment_methods")).isZero();
        assertThat(count("webhook_endpoints")).isZero();
    }
}
