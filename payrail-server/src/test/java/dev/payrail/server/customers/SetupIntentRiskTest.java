package dev.payrail.server.customers;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.EventSchemas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A setup intent's confirmation is evaluated by the merchant's risk rules before its verification is sent, as a payment
 * is: a blocked card is refused with nothing sent and the intent waits for another card; a rule asking for 3-D Secure
 * asks for it on the verification; the outcome is on the intent and its events; a declined verification counts as a
 * decline of the card.
 */
class SetupIntentRiskTest extends ApiTest {
    private SavingSteps steps;

    @BeforeEach
    void rules() {
        routeMerchantTo("simulator");
        steps = new SavingSteps(api, baseUrl());
        ApiClient.Response saved = api.post("/v1/risk/rules", "{\"rules\": ["
                + "{\"id\": \"3ds-for-risky-domain\", \"action\": \"request_three_d_secure\", \"condition\": \":email_domain: = 'risky.example'\"},"
                + "{\"id\": \"block-bin\", \"action\": \"block\", \"condition\": \":card_bin: = '555555'\"}]}");
        assertThat(saved.status()).as(saved.body().toString()).isEqualTo(200);
    }

    @Test
    void a_blocked_card_is_refused_before_any_verification_and_another_card_is_saved() {
        String customer = steps.customer("jenny@shop.example");
        ApiClient.Response refused = steps.setupIntent(customer, "5555555555554444");
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(402);
        assertThat(refused.body().path("error").path("decline_code").asString()).isEqualTo("blocked");
        String id = refused.body().path("error").path("setup_intent").asString();
        JsonNode intent = api.get("/v1/setup_intents/" + id).body();
        assertThat(intent.path("status").asString()).isEqualTo("requires_payment_method");
        assertThat(intent.path("last_setup_error").path("code").asString()).isEqualTo("blocked");
        assertThat(intent.path("outcome").path("action").asString()).isEqualTo("block");
        assertThat(intent.path("outcome").path("rule").asString()).isEqualTo("block-bin");
        assertThat(simulator.authorizationsFor(id)).as("no verification was sent").isEmpty();
        assertThat(api.get("/v1/customers/" + customer + "/payment_methods").body().path("data")).isEmpty();
        JsonNode failed = api.get("/v1/events?type=setup_intent.setup_failed&limit=5").body().path("data").path(0);
        assertThat(failed.path("data").path("object").path("outcome").path("rule").asString()).isEqualTo("block-bin");
        assertThat(EventSchemas.validate(failed).isSuccess()).as(EventSchemas.validate(failed).toString()).isTrue();

        // the same intent with another card: evaluated again, allowed, verified and saved
        String visa = api.post("/v1/payment_methods", "{\"card\": " + card(VISA) + "}").text("id");
        ApiClient.Response confirmed = api.post("/v1/setup_intents/" + id + "/confirm", "{\"payment_method\": \"" + visa + "\"}",
                "confirm-" + UUID.randomUUID());
        assertThat(confirmed.status()).as(confirmed.body().toString()).isEqualTo(200);
        assertThat(confirmed.text("status")).isEqualTo("succeeded");
        assertThat(confirmed.body().path("outcome").path("action").asString()).isEqualTo("allow");
        assertThat(confirmed.body().path("outcome").path("rule").isNull()).isTrue();
        assertThat(simulator.authorizationsFor(id)).hasSize(1);
    }

    @Test
    void a_rule_asking_for_three_d_secure_asks_for_it_on_the_verification() {
        String customer = steps.customer("someone@risky.example");
        ApiClient.Response verified = steps.setupIntent(customer, VISA);
        assertThat(verified.status()).as(verified.body().toString()).isEqualTo(200);
        assertThat(verified.body().path("outcome").path("three_d_secure_rule").asString()).isEqualTo("3ds-for-risky-domain");
        assertThat(verified.body().path("payment_method_options").path("card").path("request_three_d_secure").asString())
                .isEqualTo("any");
        assertThat(verified.text("status")).isEqualTo("succeeded");
        // another merchant's rules are not these
        ApiClient other = newMerchantClient("Other setup merchant");
        routeMerchantTo("simulator");
        String otherCustomer = new SavingSteps(other, baseUrl()).customer("someone@risky.example");
        ApiClient.Response elsewhere = new SavingSteps(other, baseUrl()).setupIntent(otherCustomer, "5555555555554444");
        assertThat(elsewhere.body().path("outcome").path("rule").isNull()).as(elsewhere.body().toString()).isTrue();
        assertThat(elsewhere.body().path("outcome").path("three_d_secure_rule").isNull()).isTrue();
    }
}
