package dev.payrail.server.payments;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 3-D Secure through the payment lifecycle against each provider's simulator (native, Stripe- and Adyen-shaped), with
 * real HTTP for every step a customer's browser takes: the challenge page, its answer, the return to Payrail and the
 * redirect to the merchant. The provider's webhook (Stripe, Adyen) races the return; whichever comes first settles
 * the payment, the other changes nothing.
 */
class ThreeDSecureTest extends ApiTest {
    private static final String CHALLENGE = "4000000000003220";
    private static final String FRICTIONLESS = "4000000000003238";
    private static final String FAILS = "4000000000003246";
    private static final String UNAVAILABLE = "4000000000003253";
    private static final String UNANSWERED = "4000000000003261";
    private static final String RETURN_URL = "https://shop.example/orders/42/done";


    @Autowired
    AuthorizationExpirySweeper sweeper;

    @ParameterizedTest
    @ValueSource(strings = {"simulator", "stripe", "adyen"})
    void a_challenge_approved_in_the_browser_authorizes_once_and_sends_the_customer_back(String provider) throws Exception {
        routeMerchantTo(provider);
        ApiClient.Response created = api.post("/v1/payments", confirmed(2500, "eur", "manual", CHALLENGE), "order-" + UUID.randomUUID());
        assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
        assertThat(created.text("status")).isEqualTo("requires_action");
        JsonNode next = created.body().path("next_action");
        assertThat(next.path("type").asString()).isEqualTo("redirect_to_url");
        assertThat(next.path("redirect_to_url").path("return_url").asString()).isEqualTo(RETURN_URL);
        String id = created.text("id");

        // while the customer is away: capture is refused by the transition table, confirm too
        ApiClient.Response capture = api.post("/v1/payments/" + id + "/capture", "{}");
        assertThat(capture.status()).isEqualTo(409);
        assertThat(capture.errorCode()).isEqualTo("payment_state_invalid");
        assertThat(api.post("/v1/payments/" + id + "/confirm", "{}").status()).isEqualTo(409);

        String backToPayrail = answerChallenge(next.path("redirect_to_url").path("url").asString(), "approve");
        HttpResponse<String> landed = visit(backToPayrail);
        assertThat(landed.statusCode()).isEqualTo(303);
        assertThat(landed.headers().firstValue("Location").orElseThrow())
                .isEqualTo(RETURN_URL + "?payment=" + id + "&redirect_status=succeeded");

        ApiClient.Response paid = api.await("/v1/payments/" + id, r -> "requires_capture".equals(r.text("status")),
                Duration.ofSeconds(10));
        JsonNode secure = paid.body().path("payment_method_details").path("card").path("three_d_secure");
        assertThat(secure.path("authentication_flow").asString()).isEqualTo("challenge");
        assertThat(secure.path("result").asString()).isEqualTo("authenticated");
        assertThat(secure.path("liability_shift").asBoolean()).isTrue();
        assertThat(secure.path("version").asString()).isEqualTo("2.2.0");
        if (!provider.equals("stripe")) {          // Stripe's charge says no ECI
            assertThat(secure.path("electronic_commerce_indicator").asString()).isEqualTo("05");
        }
        assertThat(paid.body().path("next_action").isNull()).isTrue();

        // coming back twice, and the provider's webhook (sent when the challenge was answered), change nothing
        assertThat(visit(backToPayrail).statusCode()).isEqualTo(303);
        if (!provider.equals("simulator")) {        // the native face sends no webhook
            dev.payrail.server.support.Eventually.await("the provider's webhook applied", Duration.ofSeconds(10), () ->
                    jdbc.sql("select id from provider_events where payment_reference = ? and status = 'applied' limit 1")
                            .param(id).query(String.class).optional());
        }
        assertThat(types(id)).containsOnlyOnce("payment.requires_action", "payment.requires_capture");
        assertThat(simulator.authorizationsFor(id)).hasSize(1)
                .allSatisfy(auth -> assertThat(auth.path("status").asString()).isEqualTo("authorized"));

        // and it captures like any other authorization
        assertThat(api.post("/v1/payments/" + id + "/capture", "{}").text("status")).isEqualTo("succeeded");
        assertLedgerConsistent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"simulator", "stripe", "adyen"})
    void a_failed_challenge_leaves_the_payment_for_another_card(String provider) throws Exception {
        routeMerchantTo(provider);
        ApiClient.Response created = api.post("/v1/payments", confirmed(1800, "eur", "automatic", CHALLENGE));
        String id = created.text("id");
        String back = answerChallenge(created.body().path("next_action").path("redirect_to_url").path("url").asString(), "fail");
        HttpResponse<String> landed = visit(back);
        assertThat(landed.headers().firstValue("Location").orElseThrow()).endsWith("&redirect_status=failed");

        ApiClient.Response failed = api.await("/v1/payments/" + id, r -> "requires_payment_method".equals(r.text("status")),
                Duration.ofSeconds(10));
        assertThat(failed.body().path("last_payment_error").path("code").asString()).isEqualTo("authentication_failed");
        assertThat(failed.body().path("last_payment_error").path("message").asString()).contains("could not verify");
        assertThat(failed.body().path("payment_method_details").path("card").path("three_d_secure").path("result").asString())
                .isEqualTo("failed");
        assertThat(failed.number("amount_received")).isZero();

        // the customer pays with another card: the same payment succeeds, one charge in all
        ApiClient.Response again = api.post("/v1/payments/" + id + "/confirm", "{\"card\": " + card(VISA) + "}");
        assertThat(again.status()).as(again.body().toString()).isEqualTo(200);
        assertThat(again.text("status")).isEqualTo("succeeded");
        assertThat(again.body().path("last_payment_error").isNull()).isTrue();
        assertThat(again.body().path("payment_method_details").path("card").path("last4").asString()).isEqualTo("4242");
        assertThat(simulator.authorizationsFor(id)).extracting(a -> a.path("status").asString())
                .containsExactlyInAnyOrder("declined", "captured");
        assertThat(types(id)).contains("payment.requires_payment_method", "payment.succeeded");
        assertLedgerConsistent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"simulator", "stripe", "adyen"})
    void frictionless_failed_and_unavailable_authentications_decide_at_once(String provider) {
        routeMerchantTo(provider);
        ApiClient.Response frictionless = api.post("/v1/payments", confirmed(900, "eur", "automatic", FRICTIONLESS));
        assertThat(frictionless.text("status")).isEqualTo("succeeded");
        JsonNode secure = frictionless.body().path("payment_method_details").path("card").path("three_d_secure");
        assertThat(secure.path("authentication_flow").asString()).isEqualTo("frictionless");
        assertThat(secure.path("liability_shift").asBoolean()).isTrue();

        ApiClient.Response failed = api.post("/v1/payments", confirmed(900, "eur", "automatic", FAILS));
        assertThat(failed.status()).isEqualTo(402);
        assertThat(failed.errorCode()).isEqualTo("card_declined");
        String failedId = failed.body().path("error").path("payment").asString();
        assertThat(api.get("/v1/payments/" + failedId).text("status")).isEqualTo("requires_payment_method");

        ApiClient.Response unavailable = api.post("/v1/payments", confirmed(900, "eur", "automatic", UNAVAILABLE));
        assertThat(unavailable.text("status")).isEqualTo("succeeded");
        JsonNode attempted = unavailable.body().path("payment_method_details").path("card").path("three_d_secure");
        assertThat(attempted.path("result").asString()).isEqualTo("unavailable");
        assertThat(attempted.path("liability_shift").asBoolean()).as("no liability shift without authentication").isFalse();

        // an ordinary card authenticates only when the merchant asks for it
        ApiClient.Response plain = api.post("/v1/payments", confirmed(900, "eur", "automatic", VISA));
        assertThat(plain.body().path("payment_method_details").path("card").path("three_d_secure").isNull()).isTrue();
        ApiClient.Response asked = api.post("/v1/payments", "{\"amount\": 900, \"currency\": \"eur\", \"confirm\": true, "
                + "\"payment_method_options\": {\"card\": {\"request_three_d_secure\": \"any\"}}, \"card\": " + card(VISA) + "}");
        assertThat(asked.body().path("payment_method_details").path("card").path("three_d_secure").path("result").asString())
                .isEqualTo("authenticated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"simulator", "stripe"})
    void an_abandoned_challenge_is_canceled_after_the_action_window_and_can_never_charge(String provider) throws Exception {
        routeMerchantTo(provider);
        ApiClient.Response created = api.post("/v1/payments", confirmed(3100, "eur", "automatic", UNANSWERED));
        String id = created.text("id");
        String challenge = created.body().path("next_action").path("redirect_to_url").path("url").asString();
        assertThat(visit(challenge).body()).contains("Waiting for your bank").doesNotContain("id=\"approve\"");

        sweeper.sweep();
        assertThat(api.get("/v1/payments/" + id).text("status")).as("within the window it waits").isEqualTo("requires_action");
        jdbc.sql("update payments set action_required_at = now() - interval '2 hours' where id = ?").param(id).update();
        sweeper.sweep();

        ApiClient.Response canceled = api.get("/v1/payments/" + id);
        assertThat(canceled.text("status")).isEqualTo("canceled");
        assertThat(canceled.text("cancellation_reason")).isEqualTo("expired");
        assertThat(canceled.body().path("next_action").isNull()).isTrue();
        assertThat(types(id)).contains("payment.requires_action", "payment.canceled");
        assertThat(simulator.authorizationsFor(id)).extracting(a -> a.path("status").asString()).containsExactly("canceled");
        assertThat(jdbc.sql("select count(*) from provider_operations where payment_id = ? and status in ('in_flight', 'unknown', 'requires_action')")
                .param(id).query(Long.class).single()).as("no operation left open").isZero();
        // the customer's return afterwards says it failed; nothing was charged
        HttpResponse<String> late = visit(baseUrl() + "/payments/return/" + id);
        assertThat(late.headers().firstValue("Location").orElseThrow()).endsWith("redirect_status=failed");
        assertLedgerConsistent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"simulator", "stripe", "adyen"})
    void the_merchant_may_cancel_while_the_customer_is_away_and_a_late_answer_is_refused(String provider) throws Exception {
        routeMerchantTo(provider);
        ApiClient.Response created = api.post("/v1/payments", confirmed(1200, "eur", "automatic", CHALLENGE));
        String id = created.text("id");
        ApiClient.Response canceled = api.post("/v1/payments/" + id + "/cancel", "{\"cancellation_reason\": \"abandoned\"}");
        assertThat(canceled.status()).as(canceled.body().toString()).isEqualTo(200);
        assertThat(canceled.text("status")).isEqualTo("canceled");

        HttpResponse<String> late = post(created.body().path("next_action").path("redirect_to_url").path("url").asString(), "approve");
        assertThat(late.statusCode()).as("the issuer's page has ended").isEqualTo(409);
        assertThat(api.get("/v1/payments/" + id).text("status")).isEqualTo("canceled");
        assertThat(simulator.authorizationsFor(id)).extracting(a -> a.path("status").asString()).containsExactly("canceled");
    }

    @ParameterizedTest
    @ValueSource(strings = {"simulator", "stripe", "adyen"})
    void a_customer_who_never_comes_back_is_settled_by_the_provider_or_the_resolver(String provider) throws Exception {
        routeMerchantTo(provider);
        ApiClient.Response created = api.post("/v1/payments", confirmed(1500, "eur", "automatic", CHALLENGE));
        String id = created.text("id");
        answerChallenge(created.body().path("next_action").path("redirect_to_url").path("url").asString(), "approve");
        // no return: Stripe's and Adyen's webhooks tell Payrail, the native face is asked by the resolver
        ApiClient.Response paid = api.await("/v1/payments/" + id, r -> "succeeded".equals(r.text("status")), Duration.ofSeconds(15));
        assertThat(paid.body().path("payment_method_details").path("card").path("three_d_secure").path("result").asString())
                .isEqualTo("authenticated");
        assertThat(types(id)).containsOnlyOnce("payment.succeeded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"simulator", "adyen"})
    void the_authentication_value_is_never_stored(String provider) throws Exception {
        routeMerchantTo(provider);
        ApiClient.Response created = api.post("/v1/payments", confirmed(700, "eur", "automatic", CHALLENGE));
        String id = created.text("id");
        visit(answerChallenge(created.body().path("next_action").path("redirect_to_url").path("url").asString(), "approve"));
        api.await("/v1/payments/" + id, r -> "succeeded".equals(r.text("status")), Duration.ofSeconds(10));
        String cavv = simulator.authorizationsFor(id).get(0).path("three_d_secure").path("authentication_value").asString();
        assertThat(cavv).hasSizeGreaterThan(20);
        List<String> tables = jdbc.sql("select table_name from information_schema.tables where table_schema = 'public'"
                + " and table_type = 'BASE TABLE' and table_name not like 'flyway%'").query(String.class).list();
        for (String table : tables) {
            long found = jdbc.sql("select count(*) from " + table + " t where t::text like ?").param("%" + cavv + "%")
                    .query(Long.class).single();
            assertThat(found).as("the authentication value in " + table).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"simulator"})
    void bad_authentication_parameters_are_refused_and_nothing_is_stored(String provider) {
        routeMerchantTo(provider);
        long before = count("payments");
        ApiClient.Response wish = api.post("/v1/payments", "{\"amount\": 100, \"currency\": \"eur\", "
                + "\"payment_method_options\": {\"card\": {\"request_three_d_secure\": \"sometimes\"}}}");
        assertThat(wish.status()).isEqualTo(400);
        assertThat(wish.errorParam()).isEqualTo("payment_method_options.card.request_three_d_secure");
        ApiClient.Response url = api.post("/v1/payments", "{\"amount\": 100, \"currency\": \"eur\", \"return_url\": \"javascript:alert(1)\"}");
        assertThat(url.status()).isEqualTo(400);
        assertThat(url.errorCode()).isEqualTo("url_invalid");
        assertThat(url.errorParam()).isEqualTo("return_url");
        assertThat(count("payments")).isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void a_decision_lost_after_authentication_is_asked_for_again_never_sent_twice_or_elsewhere() throws Exception {
        routeMerchantTo("simulator");
        ApiClient.Response created = api.post("/v1/payments", confirmed(3300, "eur", "manual", CHALLENGE));
        String id = created.text("id");
        String backToPayrail = answerChallenge(created.body().path("next_action").path("redirect_to_url").path("url").asString(),
                "approve");
        String simulatorUrl = providerEndpoints.get("simulator").simulator().orElseThrow().baseUrl();
        ApiClient simulatorControl = new ApiClient(simulatorUrl, null);
        simulatorControl.post("/sim/faults", "{\"mode\": \"error_500\", \"latency_ms\": 0}");
        try {
            // the customer is back, but Payrail's question to the provider gets no answer: nothing is decided
            HttpResponse<String> landed = visit(backToPayrail);
            assertThat(landed.headers().firstValue("Location").orElseThrow()).endsWith("redirect_status=requires_action");
            ApiClient.Response waiting = api.get("/v1/payments/" + id);
            assertThat(waiting.text("status")).isEqualTo("requires_action");
            assertThat(waiting.text("provider")).isEqualTo("simulator");
        } finally {
            simulatorControl.post("/sim/faults", "{\"mode\": \"none\", \"latency_ms\": 0}");
        }
        // the resolver asks again (the same operation, by its key) and applies what the provider decided
        ApiClient.Response authorized = api.await("/v1/payments/" + id, r -> "requires_capture".equals(r.text("status")),
                Duration.ofSeconds(15));
        assertThat(authorized.text("provider")).isEqualTo("simulator");
        assertThat(simulator.authorizationsFor(id)).as("one authorization, at one provider").hasSize(1);
        assertThat(types(id)).doesNotContain("payment.failover");
    }

    private String confirmed(long amount, String currency, String captureMethod, String number) {
        return "{\"amount\": " + amount + ", \"currency\": \"" + currency + "\", \"capture_method\": \"" + captureMethod
                + "\", \"confirm\": true, \"return_url\": \"" + RETURN_URL + "\", \"card\": " + card(number) + "}";
    }

    private String answerChallenge(String challengeUrl, String decision) throws Exception {
        return new dev.payrail.server.support.PlainBrowser(baseUrl()).answerChallenge(challengeUrl, decision);
    }

    private HttpResponse<String> visit(String url) throws Exception {
        return new dev.payrail.server.support.PlainBrowser(baseUrl()).visit(url);
    }

    private HttpResponse<String> post(String url, String decision) throws Exception {
        return new dev.payrail.server.support.PlainBrowser(baseUrl()).answer(url, decision);
    }

    private List<String> types(String paymentId) {
        return jdbc.sql("select type from payment_events where payment_id = ? order by seq").param(paymentId)
                .query(String.class).list();
    }
}
