package dev.payrail.server.providers;

import com.atlassian.oai.validator.report.ValidationReport;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.sim.ProviderSimulator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request the Stripe and Adyen adapters send, and every answer the simulator gives them, validates
 * against the providers' published OpenAPI documents in ../shared/specs.
 */
class ProviderContractTest extends ApiTest {

    @org.springframework.beans.factory.annotation.Autowired
    dev.payrail.server.ledger.SettlementRun settlement;

    @Test
    void stripe_adapter_and_simulator_speak_stripes_published_api() {
        routeMerchantTo("stripe");
        runEveryFlow();
        settlement.settleDue(java.time.Instant.now().plus(Duration.ofDays(4)));
        ApiClient.Response payout = api.post("/v1/payouts", "{\"amount\": 500, \"currency\": \"usd\", \"destination\": \"ba_contract\"}");
        assertThat(payout.text("status")).as(payout.body().toString()).isEqualTo("in_transit");
        api.await("/v1/payouts/" + payout.text("id"), r -> "paid".equals(r.text("status")), Duration.ofSeconds(10));
        String timedOut = api.post("/v1/payments", payment(700, "usd", "manual", "4000000000000341")).text("id");
        api.await("/v1/payments/" + timedOut, r -> "requires_capture".equals(r.text("status")), Duration.ofSeconds(15));

        List<ProviderSimulator.Exchange> exchanges = simulatorOf("stripe").recordedExchanges();

        assertThat(exchanges).extracting(ProviderSimulator.Exchange::path)
                .contains("/v1/payment_methods", "/v1/payment_intents", "/v1/refunds", "/v1/payment_intents/search", "/v1/payouts");
        assertAllValid(ProviderSpecs.stripe(), exchanges);
        assertThat(exchanges).allSatisfy(e -> assertThat(e.header("Stripe-Version")).isEqualTo(StripeProvider.API_VERSION));
    }

    @Test
    void adyen_adapter_and_simulator_speak_adyens_published_api() {
        routeMerchantTo("adyen");
        runEveryFlow();
        settlement.settleDue(java.time.Instant.now().plus(Duration.ofDays(4)));
        ApiClient.Response payout = api.post("/v1/payouts", "{\"amount\": 700, \"currency\": \"usd\", \"destination\": \"ba_contract\"}");
        assertThat(payout.text("status")).as(payout.body().toString()).isEqualTo("in_transit");
        api.await("/v1/payouts/" + payout.text("id"), r -> "paid".equals(r.text("status")), Duration.ofSeconds(10));

        List<ProviderSimulator.Exchange> all = simulatorOf("adyen").recordedExchanges();
        List<ProviderSimulator.Exchange> payouts = all.stream().filter(e -> e.path().startsWith("/pal/servlet/Payout/v68/")).toList();
        List<ProviderSimulator.Exchange> exchanges = all.stream().filter(e -> !payouts.contains(e)).toList();
        assertThat(payouts).extracting(ProviderSimulator.Exchange::path).contains("/pal/servlet/Payout/v68/submitThirdParty");
        assertAllValid(ProviderSpecs.adyenPayouts(), payouts);

        assertThat(exchanges).extracting(ProviderSimulator.Exchange::path).contains("/v71/payments", "/v71/payments/details");
        assertThat(exchanges).anyMatch(e -> e.path().endsWith("/captures"));
        assertThat(exchanges).anyMatch(e -> e.path().endsWith("/refunds"));
        assertThat(exchanges).anyMatch(e -> e.path().endsWith("/cancels"));
        assertAllValid(ProviderSpecs.adyen(), exchanges);
    }

    @Test
    void a_field_the_spec_does_not_allow_fails_validation() {
        routeMerchantTo("stripe");
        api.post("/v1/payments", payment(500, "usd", "automatic", VISA));
        ProviderSimulator.Exchange sent = simulatorOf("stripe").recordedExchanges().stream()
                .filter(e -> e.path().equals("/v1/payment_intents")).reduce((a, b) -> b).orElseThrow();
        ProviderSimulator.Exchange tampered = new ProviderSimulator.Exchange(sent.method(), sent.path(), sent.query(),
                sent.headers(), sent.requestBody() + "&surcharge=100", sent.status(), sent.responseBody());

        assertThat(ProviderSpecs.stripe().validate(sent).hasErrors()).isFalse();
        assertThat(ProviderSpecs.stripe().validate(tampered).getMessages().toString()).contains("surcharge");
    }

    private void runEveryFlow() {
        assertThat(api.post("/v1/payments", payment(1000, "usd", "automatic", VISA)).text("status")).isEqualTo("succeeded");
        String manual = api.post("/v1/payments", payment(5000, "eur", "manual", VISA)).text("id");
        assertThat(api.post("/v1/payments/" + manual + "/capture", "{\"amount_to_capture\": 4000}").text("status"))
                .isEqualTo("succeeded");
        assertThat(api.post("/v1/refunds", "{\"payment\": \"" + manual + "\", \"amount\": 1500}").text("status"))
                .isEqualTo("succeeded");
        String voided = api.post("/v1/payments", payment(3000, "jpy", "manual", VISA)).text("id");
        assertThat(api.post("/v1/payments/" + voided + "/cancel", "{}").text("status")).isEqualTo("canceled");
        ApiClient.Response declined = api.post("/v1/payments", payment(900, "usd", "automatic", "4000000000009995"));
        assertThat(declined.status()).isEqualTo(402);
        assertThat(declined.body().path("error").path("decline_code").asString()).isEqualTo("insufficient_funds");
        String paymentId = api.get("/v1/payments?limit=1&status=succeeded").body().path("data").get(0).path("id").asString();
        assertThat(api.get("/v1/payments/" + paymentId).text("provider")).isIn("stripe", "adyen");
        // 3-D Secure: asked for, frictionless, a challenge answered and completed (Adyen's /payments/details), failed
        assertThat(api.post("/v1/payments", "{\"amount\": 800, \"currency\": \"eur\", \"confirm\": true, "
                + "\"payment_method_options\": {\"card\": {\"request_three_d_secure\": \"any\"}}, \"card\": " + card(VISA) + "}")
                .text("status")).isEqualTo("succeeded");
        for (String decision : List.of("approve", "fail")) {
            ApiClient.Response challenged = api.post("/v1/payments", payment(1200, "eur", "automatic", "4000000000003220"));
            assertThat(challenged.text("status")).isEqualTo("requires_action");
            String challenge = challenged.body().path("next_action").path("redirect_to_url").path("url").asString();
            try {
                java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder()
                        .followRedirects(java.net.http.HttpClient.Redirect.ALWAYS).build();
                browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(challenge))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("decision=" + decision)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            String expected = decision.equals("approve") ? "succeeded" : "requires_payment_method";
            api.await("/v1/payments/" + challenged.text("id"), r -> expected.equals(r.text("status")), Duration.ofSeconds(10));
        }
    }

    private static void assertAllValid(ProviderSpecs spec, List<ProviderSimulator.Exchange> exchanges) {
        assertThat(exchanges).isNotEmpty();
        for (ProviderSimulator.Exchange exchange : exchanges) {
            ValidationReport report = spec.validate(exchange);
            assertThat(report.hasErrors())
                    .as("%s %s\nrequest: %s\nresponse %d: %s\n%s", exchange.method(), exchange.path(),
                            exchange.requestBody(), exchange.status(), exchange.responseBody(), report.getMessages())
                    .isFalse();
        }
    }

    private ProviderSimulator simulatorOf(String provider) {
        return providerEndpoints.get(provider).simulator().orElseThrow();
    }
}
