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
