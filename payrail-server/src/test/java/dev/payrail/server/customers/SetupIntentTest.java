package dev.payrail.server.customers;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.PlainBrowser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Saving a card without a payment: the provider verifies it with a zero-amount authorization, behind the issuer's
 * 3-D Secure challenge where it asks, before it is saved; the saved card is then charged off-session.
 */
class SetupIntentTest extends ApiTest {
    private SavingSteps steps;

    @org.springframework.beans.factory.annotation.Autowired
    dev.payrail.server.setupintents.SetupIntentSweeper sweeper;

    @BeforeEach
    void steps() {
        steps = new SavingSteps(api, baseUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"simulator", "adyen"})
    void a_card_verified_behind_a_challenge_is_saved_and_then_charged_off_session(String provider) throws Exception {
        routeMerchantTo(provider);
        String customer = steps.customer("setup@example.com");
        ApiClient.Response waiting = steps.setupIntent(customer, SavedCardsTest.CHALLENGE);
        assertThat(waiting.text("status")).as(waiting.body().toString()).isEqualTo("requires_action");
        assertThat(waiting.text("id")).startsWith("seti_");
        assertThat(api.get("/v1/customers/" + customer + "/payment_methods").body().path("data"))
                .as("nothing saved before the issuer verified it").isEmpty();

        String landed = steps.completeSetupChallenge(waiting);
        assertThat(landed).isEqualTo(SavingSteps.RETURN_URL + "?setup_intent=" + waiting.text("id") + "&redirect_status=succeeded");
        ApiClient.Response done = api.get("/v1/setup_intents/" + waiting.text("id"));
        assertThat(done.text("status")).isEqualTo("succeeded");
        assertThat(done.text("network_transaction_id")).isNotBlank();
        JsonNode saved = api.get("/v1/customers/" + customer + "/payment_methods").body().path("data");
        assertThat(saved).singleElement().satisfies(pm -> assertThat(pm.path("saved_for").asString()).isEqualTo("off_session"));
        assertThat(simulator.authorizationsFor(waiting.text("id"))).singleElement().satisfies(auth -> {
            assertThat(auth.path("amount").longValue()).as("a zero-amount verification").isZero();
            assertThat(auth.path("status").asString()).isEqualTo("verified");
        });
        // coming back again changes nothing
        assertThat(new PlainBrowser(baseUrl()).visit(baseUrl() + "/setup_intents/return/" + waiting.text("id")).statusCode())
                .isEqualTo(303);
        assertThat(types()).containsOnlyOnce("setup_intent.created", "setup_intent.requires_action", "setup_intent.succeeded",
                "payment_method.attached");

        ApiClient.Response renewal = api.post("/v1/payments", SavedCardsTest.offSession(2000, customer, done.text("payment_method")));
        assertThat(renewal.status()).as(renewal.body().toString()).isEqualTo(200);
        assertThat(renewal.text("status")).isEqualTo("succeeded");
        assertLedgerConsistent();
    }

    @Test
    void a_create_retried_with_its_key_answers_the_first_and_verifies_the_card_once() {
        routeMerchantTo("simulator");
        String customer = steps.customer("retry@example.com");
        String card = api.post("/v1/payment_methods", "{\"card\": " + card(VISA) + "}").text("id");
        String body = "{\"customer\": \"" + customer + "\", \"payment_method\": \"" + card + "\", \"confirm\": true}";
        ApiClient.Response first = api.post("/v1/setup_intents", body, "card-page-" + customer);
        ApiClient.Response again = api.post("/v1/setup_intents", body, "card-page-" + customer);
        assertThat(first.text("status")).isEqualTo("succeeded");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(simulator.authorizationsFor(first.text("id"))).hasSize(1);
        assertThat(count("setup_intents")).isEqualTo(1);
    }

    @Test
    void a_refused_card_leaves_the_setup_intent_for_another_which_then_saves() {
        routeMerchantTo("simulator");
        String customer = steps.customer("refused@example.com");
        ApiClient.Response refused = steps.setupIntent(customer, "4000000000000002");
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.body().path("error").path("decline_code").asString()).isEqualTo("do_not_honor");
        String id = refused.body().path("error").path("setup_intent").asString();
        ApiClient.Response waiting = api.get("/v1/setup_intents/" + id);
        assertThat(waiting.text("status")).isEqualTo("requires_payment_method");
        assertThat(waiting.body().path("last_setup_error").path("code").asString()).isEqualTo("do_not_honor");

        String good = api.post("/v1/payment_methods", "{\"card\": " + card(VISA) + "}").text("id");
        ApiClient.Response saved = api.post("/v1/setup_intents/" + id + "/confirm", "{\"payment_method\": \"" + good + "\"}");
        assertThat(saved.status()).as(saved.body().toString()).isEqualTo(200);
        assertThat(saved.text("status")).isEqualTo("succeeded");
        assertThat(saved.body().path("last_setup_error").isNull()).isTrue();
        assertThat(api.post("/v1/setup_intents/" + id + "/confirm", "{}").status()).as("succeeded is final").isEqualTo(409);
        assertThat(api.post("/v1/setup_intents/" + id + "/cancel", "{}").status()).isEqualTo(409);
        assertThat(api.get("/v1/customers/" + customer + "/payment_methods").body().path("data").findValues("id")
                .stream().map(JsonNode::asString)).containsExactly(good);
    }

    @Test
    void a_setup_intent_canceled_while_the_customer_is_away_saves_nothing_when_they_approve_late() throws Exception {
        routeMerchantTo("simulator");
        String customer = steps.customer("late@example.com");
        ApiClient.Response waiting = steps.setupIntent(customer, SavedCardsTest.CHALLENGE);
        ApiClient.Response canceled = api.post("/v1/setup_intents/" + waiting.text("id") + "/cancel",
                "{\"cancellation_reason\": \"abandoned\"}");
        assertThat(canceled.text("status")).isEqualTo("canceled");
        String landed = steps.completeSetupChallenge(waiting);
        assertThat(landed).endsWith("&redirect_status=failed");
        assertThat(api.get("/v1/setup_intents/" + waiting.text("id")).text("status")).isEqualTo("canceled");
        assertThat(api.get("/v1/customers/" + customer + "/payment_methods").body().path("data")).isEmpty();
    }

    @Test
    void a_challenge_never_answered_is_canceled_after_the_action_window_and_saves_nothing() {
        routeMerchantTo("simulator");
        String customer = steps.customer("gone@example.com");
        ApiClient.Response waiting = steps.setupIntent(customer, "4000000000003261");    // a challenge with no buttons
        assertThat(waiting.text("status")).isEqualTo("requires_action");
        sweeper.sweep();
        assertThat(api.get("/v1/setup_intents/" + waiting.text("id")).text("status")).as("within the window").isEqualTo("requires_action");
        jdbc.sql("update setup_intents set updated_at = now() - interval '2 hours' where id = ?").param(waiting.text("id")).update();
        sweeper.sweep();
        ApiClient.Response ended = api.get("/v1/setup_intents/" + waiting.text("id"));
        assertThat(ended.text("status")).isEqualTo("canceled");
        assertThat(ended.text("cancellation_reason")).isEqualTo("abandoned");
        assertThat(api.get("/v1/customers/" + customer + "/payment_methods").body().path("data")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"adyen"})
    void the_providers_webhook_settles_a_verification_whose_customer_never_came_back(String provider) throws Exception {
        routeMerchantTo(provider);
        String customer = steps.customer("webhook@example.com");
        ApiClient.Response waiting = steps.setupIntent(customer, SavedCardsTest.CHALLENGE);
        // the customer answers the issuer, then closes the window before coming back to Payrail
        new PlainBrowser(baseUrl()).answerChallenge(waiting.body().path("next_action").path("redirect_to_url").path("url").asString(),
                "approve", "/setup_intents/return/");
        ApiClient.Response done = api.await("/v1/setup_intents/" + waiting.text("id"), r -> "succeeded".equals(r.text("status")),
                java.time.Duration.ofSeconds(15));
        assertThat(done.text("network_transaction_id")).isNotBlank();
        assertThat(api.get("/v1/customers/" + customer + "/payment_methods").body().path("data")).hasSize(1);
        dev.payrail.server.support.Eventually.await("the webhook applied, not flagged", java.time.Duration.ofSeconds(10), () ->
                jdbc.sql("select id from provider_events where payment_reference = ? and status = 'applied' limit 1")
                        .param(waiting.text("id")).query(String.class).optional());
    }

    @Test
    void a_route_to_a_provider_that_cannot_verify_sends_nothing_and_bad_input_is_refused() {
        routeMerchantTo("stripe");
        String customer = steps.customer("stripe@example.com");
        ApiClient.Response unavailable = steps.setupIntent(customer, VISA);
        assertThat(unavailable.status()).isEqualTo(409);
        assertThat(unavailable.errorCode()).isEqualTo("no_provider_verifies_cards");
        assertThat(count("setup_intents")).isZero();

        assertThat(api.post("/v1/setup_intents", "{}").errorCode()).isEqualTo("parameter_missing");
        assertThat(api.post("/v1/setup_intents", "{\"customer\": \"cus_nope\"}").status()).isEqualTo(404);
        assertThat(api.post("/v1/setup_intents", "{\"customer\": \"" + customer + "\", \"usage\": \"sometimes\"}").errorCode())
                .isEqualTo("parameter_invalid");
        assertThat(api.post("/v1/setup_intents", "{\"customer\": \"" + customer + "\", \"confirm\": true}").errorCode())
                .isEqualTo("parameter_missing");
        assertThat(count("setup_intents")).isZero();
        ApiClient.Response open = api.post("/v1/setup_intents", "{\"customer\": \"" + customer + "\"}");
        assertThat(open.text("status")).isEqualTo("requires_payment_method");
        assertThat(api.get("/v1/setup_intents?customer=" + customer).body().path("data")).hasSize(1);
    }

    private List<String> types() {
        return jdbc.sql("select type from payment_events where merchant_id = ? and payment_id is null order by seq")
                .param(merchantId).query(String.class).list();
    }
}
