package dev.payrail.server.customers;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Save while paying, then charge without the customer, against each provider's simulator (native, Stripe- and
 * Adyen-shaped) over real HTTP. The cards are ones whose issuer demands 3-D Secure: the simulated network takes an
 * off-session payment without a challenge only when it carries the stored-credential indicators and cites the first
 * payment's network transaction id, so an approval proves each adapter sent them in its provider's own fields.
 */
class SavedCardsTest extends ApiTest {
    private SavingSteps steps;

    static final String CHALLENGE = "4000000000003220";
    /** Its issuer asks for authentication even of a merchant-initiated payment. */
    static final String ALWAYS_AUTHENTICATE = "4000002760003184";
    static final String RETURN_URL = SavingSteps.RETURN_URL;

    @org.junit.jupiter.api.BeforeEach
    void steps() {
        steps = new SavingSteps(api, baseUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"simulator", "stripe", "adyen"})
    void a_card_saved_after_a_challenge_is_charged_off_session_without_one(String provider) throws Exception {
        routeMerchantTo(provider);
        String customer = steps.customer("jenny@example.com");
        SavingSteps.Saved saved = steps.saveWhilePaying(customer, CHALLENGE, "off_session");
        JsonNode first = api.get("/v1/payments/" + saved.paymentId()).body();
        assertThat(first.path("customer").asString()).isEqualTo(customer);
        assertThat(first.path("setup_future_usage").asString()).isEqualTo("off_session");
        String networkId = first.path("payment_method_details").path("card").path("network_transaction_id").asString(null);
        assertThat(networkId).as("the first payment's network transaction id, kept").isNotBlank();

        JsonNode cards = api.get("/v1/customers/" + customer + "/payment_methods").body();
        assertThat(cards.path("data")).hasSize(1);
        assertThat(cards.path("data").get(0).path("id").asString()).isEqualTo(saved.paymentMethodId());
        assertThat(cards.path("data").get(0).path("saved_for").asString()).isEqualTo("off_session");
        assertThat(cards.path("data").get(0).path("customer").asString()).isEqualTo(customer);

        ApiClient.Response later = api.post("/v1/payments", offSession(1500, customer, saved.paymentMethodId()),
                "renewal-" + UUID.randomUUID());
        assertThat(later.status()).as(later.body().toString()).isEqualTo(200);
        assertThat(later.text("status")).isEqualTo("succeeded");
        assertThat(later.text("off_session")).isEqualTo("one_off");
        assertThat(later.body().path("next_action").isNull()).isTrue();
        assertThat(simulator.authorizationsFor(later.text("id"))).singleElement()
                .satisfies(auth -> assertThat(auth.path("status").asString()).isEqualTo("captured"));
        JsonNode processing = api.get("/v1/payments/" + later.text("id") + "/events").body().path("data").get(1);
        assertThat(processing.path("type").asString()).isEqualTo("payment.processing");
        assertThat(processing.path("data").path("stored_credential").asString()).isEqualTo("unscheduled");
        assertThat(processing.path("data").path("network_transaction_id_cited").asString()).isEqualTo(networkId);
        assertLedgerConsistent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"simulator", "stripe", "adyen"})
    void an_issuer_that_asks_for_authentication_sends_the_payment_back_to_the_customer_who_completes_it_on_session(
            String provider) throws Exception {
        routeMerchantTo(provider);
        String customer = steps.customer("sam@example.com");
        SavingSteps.Saved saved = steps.saveWhilePaying(customer, ALWAYS_AUTHENTICATE, "off_session");

        ApiClient.Response declined = api.post("/v1/payments", offSession(2900, customer, saved.paymentMethodId()));
        assertThat(declined.status()).as(declined.body().toString()).isEqualTo(402);
        assertThat(declined.body().path("error").path("decline_code").asString()).isEqualTo("authentication_required");
        String id = declined.body().path("error").path("payment").asString();
        ApiClient.Response waiting = api.get("/v1/payments/" + id);
        assertThat(waiting.text("status")).isEqualTo("requires_payment_method");
        assertThat(waiting.body().path("last_payment_error").path("code").asString()).isEqualTo("authentication_required");
        JsonNode event = api.get("/v1/events?type=payment.requires_payment_method&limit=100").body();
        assertThat(event.path("data").findValues("id").stream().map(JsonNode::asString).toList())
                .as("the merchant is told to bring the customer back").isNotEmpty();
        assertThat(events(id)).contains("payment.requires_payment_method");

        // the customer is back: the merchant confirms on-session, the issuer challenges, the customer approves
        ApiClient.Response again = api.post("/v1/payments/" + id + "/confirm", "{\"return_url\": \"" + RETURN_URL + "\"}");
        assertThat(again.status()).as(again.body().toString()).isEqualTo(200);
        assertThat(again.text("status")).isEqualTo("requires_action");
        assertThat(again.body().path("off_session").isNull()).isTrue();
        steps.completeChallenge(again);
        ApiClient.Response paid = api.await("/v1/payments/" + id, r -> "succeeded".equals(r.text("status")), Duration.ofSeconds(10));
        assertThat(paid.number("amount_received")).isEqualTo(2900);
        assertThat(simulator.authorizationsFor(id)).extracting(a -> a.path("status").asString())
                .containsExactlyInAnyOrder("declined", "captured");
        assertLedgerConsistent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"simulator", "stripe", "adyen"})
    void a_payment_without_setup_future_usage_saves_nothing_and_cannot_be_repeated_off_session(String provider) {
        routeMerchantTo(provider);
        String customer = steps.customer("once@example.com");
        ApiClient.Response paid = api.post("/v1/payments", "{\"amount\": 1200, \"currency\": \"usd\", \"confirm\": true, "
                + "\"customer\": \"" + customer + "\", \"card\": " + card(VISA) + "}");
        assertThat(paid.text("status")).isEqualTo("succeeded");
        assertThat(api.get("/v1/customers/" + customer + "/payment_methods").body().path("data")).isEmpty();
        ApiClient.Response refused = api.post("/v1/payments", offSession(1200, customer, paid.text("payment_method")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("payment_method_not_saved_for_off_session");
        assertThat(refused.body().path("error").path("param").asString()).isEqualTo("payment_method");
    }

    static String offSession(long amount, String customer, String paymentMethod) {
        return "{\"amount\": " + amount + ", \"currency\": \"eur\", \"confirm\": true, \"off_session\": true, \"customer\": \""
                + customer + "\", \"payment_method\": \"" + paymentMethod + "\"}";
    }

    List<String> events(String paymentId) {
        return jdbc.sql("select type from payment_events where payment_id = ? order by seq").param(paymentId)
                .query(String.class).list();
    }
}
