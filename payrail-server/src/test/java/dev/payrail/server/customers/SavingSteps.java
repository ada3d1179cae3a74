package dev.payrail.server.customers;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.PlainBrowser;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A merchant's steps with a customer over the API: sign them up, save their card while they pay, bring them back. */
final class SavingSteps {
    static final String RETURN_URL = "https://shop.example/account/cards";

    private final ApiClient api;
    private final String baseUrl;

    SavingSteps(ApiClient api, String baseUrl) {
        this.api = api;
        this.baseUrl = baseUrl;
    }

    record Saved(String paymentId, String paymentMethodId) {
    }

    /** A customer-initiated payment of {@code number} that saves the card for {@code usage}, through its challenge. */
    Saved saveWhilePaying(String customer, String number, String usage) throws Exception {
        return saveWhilePaying(customer, number, usage, 12, 2034);
    }

    /** The same with a card expiring {@code expMonth}/{@code expYear}. */
    Saved saveWhilePaying(String customer, String number, String usage, int expMonth, int expYear) throws Exception {
        ApiClient.Response first = api.post("/v1/payments", "{\"amount\": 999, \"currency\": \"eur\", \"confirm\": true, "
                + "\"customer\": \"" + customer + "\", \"setup_future_usage\": \"" + usage + "\", \"return_url\": \""
                + RETURN_URL + "\", \"card\": {\"number\": \"" + number + "\", \"exp_month\": " + expMonth + ", \"exp_year\": "
                + expYear + ", \"cvc\": \"123\"}}", "signup-" + UUID.randomUUID());
        assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
        assertThat(first.text("status")).isEqualTo("requires_action");
        // nothing is saved before the customer authenticated and the issuer approved
        assertThat(api.get("/v1/customers/" + customer + "/payment_methods").body().path("data")).isEmpty();
        completeChallenge(first);
        ApiClient.Response paid = api.await("/v1/payments/" + first.text("id"), r -> "succeeded".equals(r.text("status")),
                Duration.ofSeconds(10));
        api.await("/v1/customers/" + customer + "/payment_methods", r -> r.body().path("data").size() == 1, Duration.ofSeconds(10));
        return new Saved(paid.text("id"), paid.text("payment_method"));
    }

    /** A setup intent for {@code customer} with the card {@code number}, confirmed at once; the answer as it came. */
    ApiClient.Response setupIntent(String customer, String number) {
        String card = api.post("/v1/payment_methods", "{\"card\": {\"number\": \"" + number
                + "\", \"exp_month\": 12, \"exp_year\": 2034, \"cvc\": \"123\"}}").text("id");
        return api.post("/v1/setup_intents", "{\"customer\": \"" + customer + "\", \"payment_method\": \"" + card
                + "\", \"confirm\": true, \"usage\": \"off_session\", \"return_url\": \"" + RETURN_URL + "\"}",
                "setup-" + UUID.randomUUID());
    }

    /** A card saved by a setup intent through its issuer's challenge, answered by the customer's plain browser. */
    Saved saveWithSetupIntent(String customer, String number) throws Exception {
        ApiClient.Response waiting = setupIntent(customer, number);
        assertThat(waiting.status()).as(waiting.body().toString()).isEqualTo(200);
        assertThat(waiting.text("status")).isEqualTo("requires_action");
        String landed = completeSetupChallenge(waiting);
        assertThat(landed).isEqualTo(RETURN_URL + "?setup_intent=" + waiting.text("id") + "&redirect_status=succeeded");
        ApiClient.Response done = api.get("/v1/setup_intents/" + waiting.text("id"));
        assertThat(done.text("status")).isEqualTo("succeeded");
        return new Saved(done.text("id"), done.text("payment_method"));
    }

    /** Answers a setup intent's challenge and follows Payrail's return: where the customer lands. */
    String completeSetupChallenge(ApiClient.Response waiting) throws Exception {
        PlainBrowser browser = new PlainBrowser(baseUrl);
        String back = browser.answerChallenge(waiting.body().path("next_action").path("redirect_to_url").path("url").asString(),
                "approve", "/setup_intents/return/");
        HttpResponse<String> landed = browser.visit(back);
        assertThat(landed.statusCode()).isEqualTo(303);
        return landed.headers().firstValue("Location").orElseThrow();
    }

    void completeChallenge(ApiClient.Response waiting) throws Exception {
        PlainBrowser browser = new PlainBrowser(baseUrl);
        String back = browser.answerChallenge(waiting.body().path("next_action").path("redirect_to_url").path("url").asString(),
                "approve");
        HttpResponse<String> landed = browser.visit(back);
        assertThat(landed.statusCode()).isEqualTo(303);
    }

    String customer(String email) {
        ApiClient.Response created = api.post("/v1/customers", "{\"email\": \"" + email + "\", \"name\": \"Jenny Rosen\"}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
        return created.text("id");
    }

}
