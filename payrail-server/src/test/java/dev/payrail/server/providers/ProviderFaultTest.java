package dev.payrail.server.providers;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.Eventually;
import dev.payrail.sim.Faults;
import dev.payrail.sim.ProviderSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provider faults, injected in the simulators, with Stripe as provider A and Adyen as B. Whatever happens,
 * no payment is charged twice on any provider. Runs in a context of its own, so that the circuits and
 * limiters it trips start clean here and leave no trace in other tests.
 */
@TestPropertySource(properties = "payrail.test.context=provider-faults")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ProviderFaultTest extends ApiTest {

    @AfterEach
    void healProviders() throws Exception {
        for (String provider : PROVIDERS) {
            ProviderSimulator simulator = providerEndpoints.get(provider).simulator().orElseThrow();
            simulator.faults().clear();
        }
        ProviderSimulator stripe = stripeSimulator();
        try {
            stripe.comeBack();
        } catch (java.io.IOException alreadyUp) {
            // it was not down
        }
    }

    @Test
    void provider_down_fails_over_opens_the_circuit_and_closes_it_after_recovery() throws Exception {
        route("{\"provider\": \"stripe\", \"weight\": 1}, {\"provider\": \"adyen\", \"weight\": 0}");
        stripeSimulator().goDown();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ApiClient.Response paid = api.post("/v1/payments", payment(1000 + i, "usd", "automatic", VISA));
            assertThat(paid.text("status")).isEqualTo("succeeded");
            assertThat(paid.text("provider")).isEqualTo("adyen");
            ids.add(paid.text("id"));
        }
        assertThat(circuitOf("stripe")).isEqualTo("open");
        List<String> lastAttempts = attemptDetails(ids.get(ids.size() - 1));
        assertThat(lastAttempts).first().asString().contains("circuit open");

        stripeSimulator().comeBack();
        ids.forEach(id -> assertThat(simulator.authorizationsFor(id)).as("charges of " + id).hasSize(1));
        ApiClient.Response recovered = awaitServedBy("stripe", Duration.ofSeconds(10));
        assertThat(recovered.text("status")).isEqualTo("succeeded");
        api.post("/v1/payments", payment(1200, "usd", "automatic", VISA));
        assertThat(circuitOf("stripe")).isEqualTo("closed");
    }

    @Test
    void a_charge_whose_answer_is_lost_is_settled_by_lookup_with_exactly_one_charge_and_no_failover() {
        route("{\"provider\": \"stripe\", \"weight\": 1}, {\"provider\": \"adyen\", \"weight\": 0}");

        ApiClient.Response timedOut = api.post("/v1/payments", payment(2100, "usd", "manual", "4000000000000341"));

        assertThat(timedOut.text("status")).isEqualTo("processing");
        assertThat(timedOut.body().path("outcome_unknown").booleanValue()).isTrue();
        String id = timedOut.text("id");
        ApiClient.Response resolved = api.await("/v1/payments/" + id, r -> "requires_capture".equals(r.text("status")),
                Duration.ofSeconds(15));
        assertThat(resolved.text("provider")).isEqualTo("stripe");
        assertThat(simulator.authorizationsFor(id)).hasSize(1);
        assertThat(timelineTypes(id)).doesNotContain("payment.failover");
    }

    @Test
    void a_slow_provider_that_cannot_even_save_the_card_fails_over_because_nothing_was_charged() {
        route("{\"provider\": \"stripe\", \"weight\": 1}, {\"provider\": \"adyen\", \"weight\": 0}");
        stripeSimulator().faults().set(Faults.Mode.NONE, Duration.ofMillis(1500));

        ApiClient.Response paid = api.post("/v1/payments", payment(2200, "usd", "automatic", VISA));

        assertThat(paid.text("status")).isEqualTo("succeeded");
        assertThat(paid.text("provider")).isEqualTo("adyen");
        assertThat(attemptDetails(paid.text("id"))).first().asString().startsWith("payment method not saved");
        stripeSimulator().faults().clear();
        assertThat(simulator.authorizationsFor(paid.text("id"))).hasSize(1);
    }

    @Test
    void a_429_fails_over_and_the_rate_limiter_holds_back_the_next_call() throws InterruptedException {
        route("{\"provider\": \"stripe\", \"weight\": 1}, {\"provider\": \"adyen\", \"weight\": 0}");
        stripeSimulator().faults().set(Faults.Mode.RATE_LIMITED_429, Duration.ZERO);
        long stripeRequestsBefore = stripeSimulator().recordedExchanges().size();

        ApiClient.Response first = api.post("/v1/payments", payment(3100, "usd", "automatic", VISA));
        ApiClient.Response second = api.post("/v1/payments", payment(3200, "usd", "automatic", VISA));

        assertThat(first.text("provider")).isEqualTo("adyen");
        assertThat(second.text("provider")).isEqualTo("adyen");
        assertThat(attemptDetails(first.text("id"))).first().isEqualTo("rate_limited");
        assertThat(attemptDetails(second.text("id"))).first().asString().contains("backing off after a 429");
        assertThat(stripeSimulator().recordedExchanges().size() - stripeRequestsBefore)
                .as("only the first payment reached Stripe (its payment method call, then the 429)").isLessThanOrEqualTo(2);
        assertThat(simulator.authorizationsFor(first.text("id"))).hasSize(1);
        assertThat(simulator.authorizationsFor(second.text("id"))).hasSize(1);
        stripeSimulator().faults().clear();
        assertThat(awaitServedBy("stripe", Duration.ofSeconds(10)).text("status")).as("the back-off ends").isEqualTo("succeeded");
    }

    @Test
    void a_soft_decline_is_retried_once_elsewhere_when_the_rule_allows_and_a_hard_one_never() {
        new ApiClient(baseUrl(), ADMIN_TOKEN).post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"soft-" + merchantId
                + "\", \"merchants\": [\"" + merchantId + "\"], \"retry_soft_declines\": true, \"targets\": ["
                + "{\"provider\": \"stripe\", \"weight\": 1}, {\"provider\": \"adyen\", \"weight\": 0}]}]}");

        ApiClient.Response soft = api.post("/v1/payments", payment(4100, "usd", "automatic", "4000000000000440"));
        ApiClient.Response hard = api.post("/v1/payments", payment(4200, "usd", "automatic", "4000000000009979"));

        String softId = soft.body().path("error").path("payment").asString();
        String hardId = hard.body().path("error").path("payment").asString();
        assertThat(attemptProviders(softId)).containsExactly("stripe", "adyen");
        assertThat(attemptProviders(hardId)).as(attemptDetails(hardId).toString()).containsExactly("stripe");
        assertThat(hard.body().path("error").path("decline_code").asString()).isEqualTo("stolen_card");
        // do_not_honor is soft but not in the default cascadable list (payrail.routing.cascadable-declines)
        ApiClient.Response refused = api.post("/v1/payments", payment(4300, "usd", "automatic", "4000000000000002"));
        String refusedId = refused.body().path("error").path("payment").asString();
        assertThat(refused.body().path("error").path("decline_code").asString()).isEqualTo("do_not_honor");
        assertThat(attemptProviders(refusedId)).as(attemptDetails(refusedId).toString()).containsExactly("stripe");
    }

    @Test
    void a_95_5_split_over_2000_payments_lands_near_95_5_with_no_double_charge() throws Exception {
        route("{\"provider\": \"simulator\", \"weight\": 95}, {\"provider\": \"stripe\", \"weight\": 5}");
        long chargesBefore = totalCharges();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                long amount = 100 + i;
                answers.add(CompletableFuture.supplyAsync(
                        () -> api.post("/v1/payments", payment(amount, "usd", "automatic", VISA)).status(), threads));
            }
            for (CompletableFuture<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            threads.shutdownNow();
        }
        Map<String, Long> byProvider = jdbc.sql("select provider from payments where merchant_id = ?").param(merchantId)
                .query(String.class).list().stream().collect(Collectors.groupingBy(p -> p, Collectors.counting()));

        assertThat(byProvider.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2000);
        assertThat(byProvider.getOrDefault("stripe", 0L) / 2000.0).isBetween(0.03, 0.07);
        assertThat(totalCharges() - chargesBefore).as("one charge per payment, across providers").isEqualTo(2000);
        String metrics = new ApiClient(baseUrl(), null).getText("/actuator/prometheus");
        assertThat(metrics).contains("payrail_provider_calls_total{").contains("provider=\"stripe\"");
    }

    private long totalCharges() {
        return PROVIDERS.stream().mapToLong(p -> providerEndpoints.get(p).simulator().orElseThrow().executedCharges()).sum();
    }

    private ApiClient.Response awaitServedBy(String provider, Duration timeout) {
        return Eventually.await(provider + " serving payments again", timeout, () -> {
            ApiClient.Response paid = api.post("/v1/payments", payment(1100, "usd", "automatic", VISA));
            return provider.equals(paid.text("provider")) ? java.util.Optional.of(paid) : java.util.Optional.empty();
        });
    }

    private String circuitOf(String provider) {
        for (JsonNode p : new ApiClient(baseUrl(), ADMIN_TOKEN).get("/v1/admin/providers").body().path("data")) {
            if (provider.equals(p.path("name").asString())) {
                return p.path("circuit").asString();
            }
        }
        throw new AssertionError("no provider " + provider);
    }

    private List<String> attemptDetails(String paymentId) {
        return attempts(paymentId).stream().map(a -> a.path("data").path("detail").asString()).toList();
    }

    private List<String> attemptProviders(String paymentId) {
        return attempts(paymentId).stream().map(a -> a.path("data").path("provider").asString()).toList();
    }

    private List<JsonNode> attempts(String paymentId) {
        List<JsonNode> found = new ArrayList<>();
        api.get("/v1/payments/" + paymentId + "/events").body().path("data").forEach(e -> {
            if ("payment.provider_attempt".equals(e.path("type").asString())) {
                found.add(e);
            }
        });
        return found;
    }

    private List<String> timelineTypes(String paymentId) {
        List<String> types = new ArrayList<>();
        api.get("/v1/payments/" + paymentId + "/events").body().path("data").forEach(e -> types.add(e.path("type").asString()));
        return types;
    }

    private ProviderSimulator stripeSimulator() {
        return providerEndpoints.get("stripe").simulator().orElseThrow();
    }

    private void route(String targets) {
        ApiClient.Response routed = new ApiClient(baseUrl(), ADMIN_TOKEN).post("/v1/admin/routing_rules",
                "{\"rules\": [{\"id\": \"faults-" + merchantId + "\", \"merchants\": [\"" + merchantId + "\"], \"targets\": ["
                        + targets + "]}]}");
        assertThat(routed.status()).as(routed.body().toString()).isEqualTo(200);
    }
}
