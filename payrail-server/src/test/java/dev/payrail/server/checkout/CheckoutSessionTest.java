package dev.payrail.server.checkout;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.EventSchemas;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hosted checkout over HTTP as a browser speaks it (form posts, redirects not followed, so each step is seen):
 * the API's validation and idempotency, the page's answers for every state of its payment, completion by whichever
 * path settles the payment, expiry by the merchant and by the sweeper, and a double submit that charges once.
 * {@link CheckoutBrowserTest} clicks the same pages in Chromium.
 */
class CheckoutSessionTest extends ApiTest {
    private static final String SHOP = "https://shop.example/";

    @Autowired
    CheckoutSessionSweeper sweeper;

    private final HttpClient customer = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void bad_input_is_refused_with_its_param_and_nothing_is_stored() {
        long before = sessions();
        assertRefused("{\"currency\": \"eur\", \"success_url\": \"" + SHOP + "ok\", \"cancel_url\": \"" + SHOP + "no\"}",
                "parameter_missing", "amount");
        assertRefused(session(0, "eur"), "amount_invalid", "amount");
        assertRefused(session(100, "xyz"), "currency_invalid", "currency");
        assertRefused("{\"amount\": 100, \"currency\": \"eur\", \"success_url\": \"javascript:alert(1)\", \"cancel_url\": \""
                + SHOP + "no\"}", "url_invalid", "success_url");
        assertRefused("{\"amount\": 100, \"currency\": \"eur\", \"success_url\": \"" + SHOP + "ok\"}", "parameter_missing", "cancel_url");
        assertRefused("{\"amount\": 100, \"currency\": \"eur\", \"success_url\": \"" + SHOP + "ok\", \"cancel_url\": \"" + SHOP
                + "no\", \"payment_method_types\": [\"paypal\"]}", "parameter_invalid", "payment_method_types");
        assertRefused("{\"amount\": 100, \"currency\": \"usd\", \"success_url\": \"" + SHOP + "ok\", \"cancel_url\": \"" + SHOP
                + "no\", \"payment_method_types\": [\"card\", \"bank_redirect\"]}", "payment_method_unsupported", "payment_method_types");
        assertRefused("{\"amount\": 100, \"currency\": \"eur\", \"success_url\": \"" + SHOP + "ok\", \"cancel_url\": \"" + SHOP
                + "no\", \"expires_at\": " + Instant.now().plusSeconds(60).getEpochSecond() + "}", "parameter_invalid", "expires_at");
        assertThat(sessions()).isEqualTo(before);
    }

    @Test
    void a_session_is_created_once_per_key_with_its_unconfirmed_payment_and_only_its_merchant_sees_it() {
        String key = UUID.randomUUID().toString();
        ApiClient.Response created = api.post("/v1/checkout_sessions", session(2500, "eur"), key);
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.text("status")).isEqualTo("open");
        assertThat(created.text("payment_status")).isEqualTo("unpaid");
        assertThat(created.text("url")).isEqualTo(baseUrl() + "/checkout/" + created.text("id"));
        ApiClient.Response again = api.post("/v1/checkout_sessions", session(2500, "eur"), key);
        assertThat(again.text("id")).isEqualTo(created.text("id"));
        assertThat(sessionsOfMerchant()).isEqualTo(1);

        ApiClient.Response payment = api.get("/v1/payments/" + created.text("payment"));
        assertThat(payment.text("status")).isEqualTo("requires_confirmation");
        assertThat(payment.body().path("amount").longValue()).isEqualTo(2500);
        assertThat(payment.body().path("metadata").path("checkout_session").asString()).isEqualTo(created.text("id"));

        assertThat(api.get("/v1/checkout_sessions/" + created.text("id")).text("id")).isEqualTo(created.text("id"));
        assertThat(api.get("/v1/checkout_sessions").body().path("data").get(0).path("id").asString()).isEqualTo(created.text("id"));
        ApiClient other = newMerchantClient("Someone else");
        assertThat(other.get("/v1/checkout_sessions/" + created.text("id")).status()).isEqualTo(404);
        assertThat(other.get("/v1/checkout_sessions").body().path("data")).isEmpty();
    }

    @Test
    void a_frictionless_card_on_the_page_pays_and_the_customer_lands_on_the_success_url() throws Exception {
        JsonNode session = create(session(2500, "eur"));
        HttpResponse<String> page = visit(session.path("url").asString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'").contains("frame-ancestors 'none'").contains("form-action 'self'");
        assertThat(page.headers().firstValue("Cache-Control").orElseThrow()).isEqualTo("no-store");
        assertThat(page.body()).contains("25.00 EUR").contains("<label for=\"card_number\">");

        HttpResponse<String> paid = pay(session, "4000000000003238");
        assertThat(paid.statusCode()).isEqualTo(303);
        HttpResponse<String> after = visit(baseUrl() + paid.headers().firstValue("Location").orElseThrow());
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).contains("data-status=\"complete\"")
                .contains("content=\"0;url=" + SHOP + "ok?session=" + session.path("id").asString() + "\"");

        ApiClient.Response complete = api.get("/v1/checkout_sessions/" + session.path("id").asString());
        assertThat(complete.text("status")).isEqualTo("complete");
        assertThat(complete.text("payment_status")).isEqualTo("paid");
        assertThat(complete.body().path("url").isNull()).isTrue();
        ApiClient.Response payment = api.get("/v1/payments/" + complete.text("payment"));
        assertThat(payment.text("status")).isEqualTo("succeeded");
        assertThat(payment.body().path("payment_method_details").path("card").path("three_d_secure")
                .path("authentication_flow").asString()).isEqualTo("frictionless");
        JsonNode event = event(session.path("id").asString(), "checkout.session.completed");
        assertThat(EventSchemas.validate(event).isSuccess()).as(EventSchemas.validate(event).toString()).isTrue();
        assertThat(event.path("data").path("object").path("payment").asString()).isEqualTo(complete.text("payment"));
        assertLedgerConsistent();
    }

    @Test
    void a_declined_card_is_explained_on_the_page_and_the_next_card_pays_with_a_new_payment() throws Exception {
        JsonNode session = create(session(1999, "usd"));
        String firstPayment = session.path("payment").asString();
        assertThat(pay(session, "4000000000000002").statusCode()).isEqualTo(303);
        HttpResponse<String> page = visit(session.path("url").asString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("role=\"alert\"").contains("The card was declined.").contains("Nothing was charged.");
        assertThat(page.body()).as("the card number is never written back").doesNotContain("4000000000000002");
        assertThat(api.get("/v1/payments/" + firstPayment).text("status")).isEqualTo("failed");

        pay(session, VISA);
        ApiClient.Response complete = api.get("/v1/checkout_sessions/" + session.path("id").asString());
        assertThat(complete.text("status")).isEqualTo("complete");
        assertThat(complete.text("payment")).isNotEqualTo(firstPayment);
        assertThat(api.get("/v1/payments/" + complete.text("payment")).text("status")).isEqualTo("succeeded");
    }

    @Test
    void a_mistyped_card_is_shown_field_by_field_and_nothing_is_sent() throws Exception {
        JsonNode session = create(session(500, "eur"));
        long methods = count("payment_methods");
        HttpResponse<String> page = post(session, Map.of("cardholder_name", "Ada Lovelace", "card_number", "4242 4242 4242 4241",
                "card_expiry", "13 / 30", "card_cvc", "12"));
        assertThat(page.statusCode()).isEqualTo(422);
        assertThat(page.body()).contains("id=\"card_number-error\"").contains("Your card number is incomplete or not valid.")
                .contains("id=\"card_expiry-error\"").contains("id=\"card_cvc-error\"").contains("aria-invalid=\"true\"")
                .contains("value=\"Ada Lovelace\"").doesNotContain("4242 4242 4242 4241");
        assertThat(count("payment_methods")).isEqualTo(methods);
        assertThat(api.get("/v1/payments/" + session.path("payment").asString()).text("status")).isEqualTo("requires_confirmation");
    }

    @Test
    void a_challenge_sends_the_customer_to_the_bank_and_their_return_completes_the_session() throws Exception {
        JsonNode session = create(session(4200, "eur"));
        pay(session, "4000000000003220");
        HttpResponse<String> page = visit(session.path("url").asString());
        assertThat(page.body()).contains("data-status=\"requires_action\"").contains("http-equiv=\"refresh\"");
        String challenge = api.get("/v1/payments/" + session.path("payment").asString()).body().path("next_action")
                .path("redirect_to_url").path("url").asString();
        assertThat(page.body()).contains(challenge.replace("&", "&amp;"));
        assertThat(pay(session, VISA).statusCode()).as("a resubmit while the bank waits sends nothing").isEqualTo(303);

        HttpResponse<String> approved = customer.send(HttpRequest.newBuilder(URI.create(challenge))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("decision=approve")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> returned = visit(approved.headers().firstValue("Location").orElseThrow());
        assertThat(returned.headers().firstValue("Location").orElseThrow()).startsWith(session.path("url").asString());
        HttpResponse<String> landed = visit(returned.headers().firstValue("Location").orElseThrow());
        assertThat(landed.body()).contains("data-status=\"complete\"").contains("href=\"" + SHOP + "ok?session=");

        assertThat(api.get("/v1/checkout_sessions/" + session.path("id").asString()).text("status")).isEqualTo("complete");
        assertThat(simulator.authorizationsFor(session.path("payment").asString())).hasSize(1);
    }

    @Test
    void two_submits_at_once_authorize_one_payment_once() throws Exception {
        JsonNode session = create(session(3100, "eur"));
        List<CompletableFuture<HttpResponse<String>>> submits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            submits.add(customer.sendAsync(form(session, card(VISA, "Ada")), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> submit : submits) {
            assertThat(submit.get().statusCode()).isEqualTo(303);
        }
        ApiClient.Response complete = api.get("/v1/checkout_sessions/" + session.path("id").asString());
        assertThat(complete.text("status")).isEqualTo("complete");
        assertThat(complete.text("payment")).isEqualTo(session.path("payment").asString());
        assertThat(simulator.authorizationsFor(complete.text("payment"))).hasSize(1);
        assertThat(jdbc.sql("select count(*) from payments where merchant_id = ?").param(merchantId).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void the_merchant_expires_an_unpaid_session_and_its_payment_is_canceled_never_charged() throws Exception {
        JsonNode session = create(session(800, "eur"));
        ApiClient.Response expired = api.post("/v1/checkout_sessions/" + session.path("id").asString() + "/expire", "{}");
        assertThat(expired.status()).isEqualTo(200);
        assertThat(expired.text("status")).isEqualTo("expired");
        assertThat(api.get("/v1/payments/" + session.path("payment").asString()).text("status")).isEqualTo("canceled");
        JsonNode event = event(session.path("id").asString(), "checkout.session.expired");
        assertThat(EventSchemas.validate(event).isSuccess()).as(EventSchemas.validate(event).toString()).isTrue();

        ApiClient.Response twice = api.post("/v1/checkout_sessions/" + session.path("id").asString() + "/expire", "{}");
        assertThat(twice.status()).isEqualTo(409);
        HttpResponse<String> page = visit(session.path("url").asString());
        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(page.body()).contains("This checkout has expired").contains("Nothing was charged.");
        assertThat(pay(session, VISA).headers().firstValue("Location").orElseThrow()).endsWith("/checkout/" + session.path("id").asString());
        assertThat(simulator.authorizationsFor(session.path("payment").asString())).isEmpty();
    }

    @Test
    void the_sweeper_expires_a_session_past_its_time_but_waits_for_a_payment_with_the_bank() throws Exception {
        JsonNode unpaid = create(session(700, "eur"));
        JsonNode challenged = create(session(900, "eur"));
        pay(challenged, "4000000000003220");
        jdbc.sql("update checkout_sessions set expires_at = now() - interval '1 minute' where id in (?, ?)")
                .params(unpaid.path("id").asString(), challenged.path("id").asString()).update();
        sweeper.sweep();
        assertThat(api.get("/v1/checkout_sessions/" + unpaid.path("id").asString()).text("status")).isEqualTo("expired");
        assertThat(api.get("/v1/payments/" + unpaid.path("payment").asString()).text("status")).isEqualTo("canceled");
        assertThat(api.get("/v1/checkout_sessions/" + challenged.path("id").asString()).text("status"))
                .as("the customer may still be at their bank").isEqualTo("open");
        assertThat(api.post("/v1/checkout_sessions/" + challenged.path("id").asString() + "/expire", "{}").errorCode())
                .isEqualTo("checkout_session_payment_in_progress");
        ApiClient.Response refused = api.post("/v1/checkout_sessions/" + unpaid.path("id").asString() + "/expire", "{}");
        assertThat(refused.status()).isEqualTo(409);
    }

    @Test
    void card_testing_through_one_session_is_stopped_after_ten_attempts() throws Exception {
        JsonNode session = create(session(500, "usd"));
        for (int i = 0; i < CheckoutSessions.MAX_ATTEMPTS; i++) {
            assertThat(pay(session, "4000000000000002").statusCode()).as("attempt " + (i + 1)).isEqualTo(303);
        }
        HttpResponse<String> refused = pay(session, VISA);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("Too many payment attempts on this checkout");
        long authorizations = jdbc.sql("select count(*) from payments where merchant_id = ? and card_last4 is not null")
                .param(merchantId).query(Long.class).single();
        assertThat(authorizations).as("the eleventh card was never sent").isEqualTo(CheckoutSessions.MAX_ATTEMPTS);
        assertThat(api.get("/v1/checkout_sessions/" + session.path("id").asString()).text("status")).isEqualTo("open");
    }

    @Test
    void an_unknown_session_page_is_not_found() throws Exception {
        HttpResponse<String> page = visit(baseUrl() + "/checkout/cs_doesnotexist");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("This checkout link is not valid");
    }

    private JsonNode create(String body) {
        ApiClient.Response created = api.post("/v1/checkout_sessions", body);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
        return created.body();
    }

    private static String session(long amount, String currency) {
        return "{\"amount\": " + amount + ", \"currency\": \"" + currency + "\", \"description\": \"Two <b>tickets</b>\", "
                + "\"success_url\": \"" + SHOP + "ok?session={CHECKOUT_SESSION_ID}\", \"cancel_url\": \"" + SHOP + "cart\"}";
    }

    private void assertRefused(String body, String code, String param) {
        ApiClient.Response refused = api.post("/v1/checkout_sessions", body);
        assertThat(refused.status()).as(body).isEqualTo(400);
        assertThat(refused.errorCode()).as(body).isEqualTo(code);
        assertThat(refused.errorParam()).as(body).isEqualTo(param);
    }

    private HttpResponse<String> pay(JsonNode session, String number) throws Exception {
        return post(session, card(number, "Ada Lovelace"));
    }

    private static Map<String, String> card(String number, String name) {
        return Map.of("cardholder_name", name, "card_number", number, "card_expiry", "12 / 34", "card_cvc", "123");
    }

    private HttpResponse<String> post(JsonNode session, Map<String, String> fields) throws Exception {
        return customer.send(form(session, fields), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest form(JsonNode session, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(session.path("url").asString() + "/pay"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> visit(String url) throws Exception {
        return customer.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode event(String sessionId, String type) {
        String object = jdbc.sql("select id from payment_events where type = ? and object->>'id' = ?").params(type, sessionId)
                .query(String.class).single();
        return api.get("/v1/events/" + object).body();
    }

    private long sessions() {
        return count("checkout_sessions");
    }

    private long sessionsOfMerchant() {
        return jdbc.sql("select count(*) from checkout_sessions where merchant_id = ?").param(merchantId).query(Long.class).single();
    }
}
