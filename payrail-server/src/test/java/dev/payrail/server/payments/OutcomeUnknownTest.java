package dev.payrail.server.payments;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider charged but its answer came after Payrail's read timeout. Payrail must not guess, must
 * not send a new authorization, and must settle the payment by asking the provider.
 */
class OutcomeUnknownTest extends ApiTest {
    private static final String CHARGE_THEN_TIMEOUT = "4000000000000341";
    private static final String PROCESSING_ERROR = "4000000000000119";

    @Test
    void charge_then_timeout_ends_requires_capture_with_exactly_one_charge() {
        ApiClient.Response timedOut = api.post("/v1/payments", payment(4200, "usd", "manual", CHARGE_THEN_TIMEOUT));

        assertThat(timedOut.status()).isEqualTo(200);
        assertThat(timedOut.text("status")).isEqualTo("processing");
        assertThat(timedOut.body().path("outcome_unknown").booleanValue()).isTrue();
        String id = timedOut.text("id");

        ApiClient.Response resolved = api.await("/v1/payments/" + id,
                r -> "requires_capture".equals(r.text("status")), Duration.ofSeconds(15));

        assertThat(resolved.body().path("outcome_unknown").booleanValue()).isFalse();
        assertThat(resolved.text("provider_reference")).startsWith("simauth_");
        assertThat(simulator.authorizationsFor(id)).hasSize(1);
        List<String> types = timelineTypes(id);
        assertThat(types).containsSubsequence("payment.processing", "payment.outcome_unknown", "payment.requires_capture");
        assertThat(timeline(id).get(types.indexOf("payment.requires_capture")).path("actor").asString())
                .isEqualTo("outcome_resolver");
    }

    @Test
    void charge_then_timeout_with_automatic_capture_ends_succeeded_with_one_charge() {
        String id = api.post("/v1/payments", payment(4300, "eur", "automatic", CHARGE_THEN_TIMEOUT)).text("id");

        ApiClient.Response resolved = api.await("/v1/payments/" + id,
                r -> "succeeded".equals(r.text("status")), Duration.ofSeconds(15));

        assertThat(resolved.number("amount_received")).isEqualTo(4300);
        assertThat(simulator.authorizationsFor(id)).hasSize(1);
    }

    @Test
    void while_unknown_the_payment_refuses_other_operations() {
        String id = api.post("/v1/payments", payment(4400, "usd", "manual", CHARGE_THEN_TIMEOUT)).text("id");

        ApiClient.Response cancel = api.post("/v1/payments/" + id + "/cancel", "{}");
        ApiClient.Response capture = api.post("/v1/payments/" + id + "/capture", "{}");

        assertThat(cancel.status()).isEqualTo(409);
        assertThat(capture.status()).isEqualTo(409);
        api.await("/v1/payments/" + id, r -> "requires_capture".equals(r.text("status")), Duration.ofSeconds(15));
    }

    @Test
    void a_provider_500_that_charged_nothing_fails_the_payment_once_the_provider_confirms_it() {
        ApiClient.Response answered = api.post("/v1/payments", payment(4500, "usd", "automatic", PROCESSING_ERROR));

        assertThat(answered.text("status")).isEqualTo("processing");
        assertThat(answered.body().path("outcome_unknown").booleanValue()).isTrue();
        String id = answered.text("id");

        ApiClient.Response failed = api.await("/v1/payments/" + id, r -> "failed".equals(r.text("status")),
                Duration.ofSeconds(15));

        assertThat(failed.text("failure_code")).isEqualTo("provider_unavailable");
        assertThat(simulator.authorizationsFor(id)).isEmpty();
    }

    @Test
    void a_capture_sent_by_a_process_that_died_before_recording_the_answer_is_settled_by_the_resolver() {
        String id = api.post("/v1/payments", payment(6000, "usd", "manual", VISA)).text("id");
        String providerReference = api.get("/v1/payments/" + id).text("provider_reference");
        String operation = "op_crashed_" + id;
        // What a crash leaves behind: the claim and the operation row committed, the request sent, no answer recorded.
        jdbc.sql("update payments set operation_in_flight = 'capture', version = version + 1 where id = ?").param(id).update();
        jdbc.sql("""
                insert into provider_operations (id, payment_id, kind, amount, provider, status, created_at)
                values (?, ?, 'capture', 2500, 'simulator', 'in_flight', now() - interval '10 minutes')""")
                .params(operation, id).update();
        ApiClient provider = new ApiClient(providerEndpoints.get("simulator").baseUrl(), null);
        assertThat(provider.post("/v1/authorizations/" + providerReference + "/capture", "{\"amount\": 2500}", operation)
                .status()).isEqualTo(200);

        ApiClient.Response settled = api.await("/v1/payments/" + id, r -> "succeeded".equals(r.text("status")),
                Duration.ofSeconds(15));

        assertThat(settled.number("amount_received")).isEqualTo(2500);
        assertThat(settled.text("operation_in_progress")).isNull();
        assertThat(simulator.authorizationsFor(id).get(0).path("captured_amount").longValue()).isEqualTo(2500);
    }

    private List<String> timelineTypes(String id) {
        return timeline(id).stream().map(e -> e.path("type").asString()).toList();
    }

    private List<tools.jackson.databind.JsonNode> timeline(String id) {
        List<tools.jackson.databind.JsonNode> entries = new java.util.ArrayList<>();
        api.get("/v1/payments/" + id + "/events").body().path("data").forEach(entries::add);
        return entries;
    }
}
