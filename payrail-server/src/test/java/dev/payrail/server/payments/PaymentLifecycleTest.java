package dev.payrail.server.payments;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentLifecycleTest extends ApiTest {

    @Test
    void automatic_capture_payment_succeeds_with_the_full_amount_received() {
        ApiClient.Response paid = api.post("/v1/payments", payment(2000, "usd", "automatic", VISA));

        assertThat(paid.status()).isEqualTo(200);
        assertThat(paid.text("id")).startsWith("pay_");
        assertThat(paid.text("object")).isEqualTo("payment");
        assertThat(paid.body().path("livemode").booleanValue()).isFalse();
        assertThat(paid.text("status")).isEqualTo("succeeded");
        assertThat(paid.number("amount_received")).isEqualTo(2000);
        assertThat(paid.body().path("payment_method_details").path("card").path("last4").asString()).isEqualTo("4242");
        assertThat(paid.raw().body()).doesNotContain(VISA);
        assertThat(simulator.authorizationsFor(paid.text("id"))).hasSize(1);
    }

    @Test
    void manual_payment_is_partially_captured_once_and_the_rest_released() {
        ApiClient.Response authorized = api.post("/v1/payments", payment(5000, "usd", "manual", VISA));
        assertThat(authorized.text("status")).isEqualTo("requires_capture");
        assertThat(authorized.number("amount_capturable")).isEqualTo(5000);
        String id = authorized.text("id");

        ApiClient.Response captured = api.post("/v1/payments/" + id + "/capture", "{\"amount_to_capture\": 3000}");
        assertThat(captured.status()).isEqualTo(200);
        assertThat(captured.text("status")).isEqualTo("succeeded");
        assertThat(captured.number("amount_received")).isEqualTo(3000);
        assertThat(captured.number("amount_capturable")).isZero();
        JsonNode atProvider = simulator.authorizationsFor(id).get(0);
        assertThat(atProvider.path("captured_amount").longValue()).isEqualTo(3000);

        ApiClient.Response again = api.post("/v1/payments/" + id + "/capture", "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("payment_state_invalid");
        assertThat(again.body().path("error").path("message").asString()).contains("succeeded");
    }

    @Test
    void capture_above_the_authorized_amount_is_refused_and_changes_nothing() {
        String id = api.post("/v1/payments", payment(1000, "usd", "manual", VISA)).text("id");

        ApiClient.Response tooMuch = api.post("/v1/payments/" + id + "/capture", "{\"amount_to_capture\": 1001}");

        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.errorCode()).isEqualTo("amount_too_large");
        assertThat(tooMuch.errorParam()).isEqualTo("amount_to_capture");
        assertThat(api.get("/v1/payments/" + id).text("status")).isEqualTo("requires_capture");
        assertThat(simulator.authorizationsFor(id).get(0).path("status").asString()).isEqualTo("authorized");
    }

    @Test
    void several_partial_refunds_up_to_the_captured_amount_and_no_further() {
        String id = api.post("/v1/payments", payment(10000, "usd", "automatic", VISA)).text("id");

        ApiClient.Response first = api.post("/v1/refunds", "{\"payment\": \"" + id + "\", \"amount\": 4000, \"reason\": \"requested_by_customer\"}");
        ApiClient.Response second = api.post("/v1/refunds", "{\"payment\": \"" + id + "\", \"amount\": 5000}");
        ApiClient.Response third = api.post("/v1/refunds", "{\"payment\": \"" + id + "\", \"amount\": 1001}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.text("id")).startsWith("re_");
        assertThat(first.text("status")).isEqualTo("succeeded");
        assertThat(second.text("status")).isEqualTo("succeeded");
        assertThat(third.status()).isEqualTo(400);
        assertThat(third.errorCode()).isEqualTo("amount_too_large");
        ApiClient.Response payment = api.get("/v1/payments/" + id);
        assertThat(payment.number("amount_refunded")).isEqualTo(9000);
        assertThat(payment.text("status")).isEqualTo("succeeded");
        assertThat(api.get("/v1/refunds/" + first.text("id")).number("amount")).isEqualTo(4000);
        assertThat(simulator.authorizationsFor(id).get(0).path("refunded_amount").longValue()).isEqualTo(9000);

        ApiClient.Response rest = api.post("/v1/refunds", "{\"payment\": \"" + id + "\"}");
        assertThat(rest.number("amount")).as("no amount refunds what is left").isEqualTo(1000);
    }

    @Test
    void an_uncaptured_payment_cannot_be_refunded() {
        String id = api.post("/v1/payments", payment(1000, "usd", "manual", VISA)).text("id");

        ApiClient.Response refund = api.post("/v1/refunds", "{\"payment\": \"" + id + "\"}");

        assertThat(refund.status()).isEqualTo(409);
        assertThat(refund.errorCode()).isEqualTo("payment_state_invalid");
        assertThat(count("refunds")).isZero();
    }

    @Test
    void cancel_voids_an_authorization_at_the_provider() {
        String id = api.post("/v1/payments", payment(1000, "usd", "manual", VISA)).text("id");

        ApiClient.Response canceled = api.post("/v1/payments/" + id + "/cancel", "{\"cancellation_reason\": \"abandoned\"}");

        assertThat(canceled.text("status")).isEqualTo("canceled");
        assertThat(canceled.text("cancellation_reason")).isEqualTo("abandoned");
        assertThat(simulator.authorizationsFor(id).get(0).path("status").asString()).isEqualTo("voided");
        ApiClient.Response capture = api.post("/v1/payments/" + id + "/capture", "{}");
        assertThat(capture.status()).isEqualTo(409);
        assertThat(capture.body().path("error").path("message").asString()).contains("canceled");
    }

    @Test
    void a_succeeded_payment_cannot_be_canceled() {
        String id = api.post("/v1/payments", payment(1000, "usd", "automatic", VISA)).text("id");

        ApiClient.Response cancel = api.post("/v1/payments/" + id + "/cancel", "{}");

        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.errorCode()).isEqualTo("payment_state_invalid");
        assertThat(cancel.body().path("error").path("message").asString()).contains("succeeded");
    }

    @Test
    void payment_created_now_is_confirmed_later_with_its_stored_card() {
        ApiClient.Response created = api.post("/v1/payments",
                "{\"amount\": 1500, \"currency\": \"eur\", \"card\": " + card(VISA) + ", \"description\": \"order 42\","
                        + " \"merchant_reference\": \"ord_42\", \"metadata\": {\"order\": \"42\"}}");
        assertThat(created.text("status")).isEqualTo("requires_confirmation");
        String id = created.text("id");
        String paymentMethod = created.text("payment_method");
        assertThat(paymentMethod).as("the raw test card was tokenized into the vault").startsWith("pm_");
        assertThat(jdbc.sql("select count(*) from vault_cards where payment_method_id = ?").param(paymentMethod)
                .query(Long.class).single()).isEqualTo(1);

        ApiClient.Response confirmed = api.post("/v1/payments/" + id + "/confirm", "{}");

        assertThat(confirmed.text("status")).isEqualTo("succeeded");
        assertThat(confirmed.text("merchant_reference")).isEqualTo("ord_42");
        assertThat(confirmed.body().path("metadata").path("order").asString()).isEqualTo("42");
        assertThat(confirmed.text("payment_method")).isEqualTo(paymentMethod);
    }

    @Test
    void an_unconfirmed_payment_is_canceled_without_calling_the_provider() {
        String id = api.post("/v1/payments", "{\"amount\": 700, \"currency\": \"usd\"}").text("id");

        ApiClient.Response canceled = api.post("/v1/payments/" + id + "/cancel", "{}");

        assertThat(canceled.text("status")).isEqualTo("canceled");
        assertThat(simulator.authorizationsFor(id)).isEmpty();
        assertThat(api.post("/v1/payments/" + id + "/confirm", "{\"card\": " + card(VISA) + "}").status()).isEqualTo(409);
    }

    @Test
    void declined_card_fails_the_payment_with_the_decline_code() {
        ApiClient.Response declined = api.post("/v1/payments", payment(1000, "usd", "automatic", "4000000000009995"));

        assertThat(declined.status()).isEqualTo(402);
        assertThat(declined.errorCode()).isEqualTo("card_declined");
        assertThat(declined.body().path("error").path("decline_code").asString()).isEqualTo("insufficient_funds");
        String id = declined.body().path("error").path("payment").asString();
        ApiClient.Response payment = api.get("/v1/payments/" + id);
        assertThat(payment.text("status")).isEqualTo("failed");
        assertThat(payment.text("failure_code")).isEqualTo("insufficient_funds");
    }

    @Test
    void zero_and_three_decimal_currencies_keep_their_minor_units() {
        ApiClient.Response yen = api.post("/v1/payments", payment(1500, "jpy", "automatic", VISA));
        ApiClient.Response dinar = api.post("/v1/payments", payment(1250, "KWD", "automatic", VISA));

        assertThat(yen.number("amount_received")).isEqualTo(1500);
        assertThat(yen.text("currency")).isEqualTo("jpy");
        assertThat(dinar.number("amount_received")).isEqualTo(1250);
        assertThat(dinar.text("currency")).isEqualTo("kwd");
        assertThat(simulator.authorizationsFor(dinar.text("id")).get(0).path("currency").asString()).isEqualTo("kwd");
    }

    @Test
    void the_timeline_records_every_transition_with_its_cause() {
        String id = api.post("/v1/payments", payment(5000, "usd", "manual", VISA)).text("id");
        api.post("/v1/payments/" + id + "/capture", "{\"amount_to_capture\": 4000}");
        api.post("/v1/refunds", "{\"payment\": \"" + id + "\", \"amount\": 1000}");

        ApiClient.Response events = api.get("/v1/payments/" + id + "/events");

        List<String> types = new ArrayList<>();
        events.body().path("data").forEach(e -> types.add(e.path("type").asString()));
        assertThat(types).containsExactly("payment.created", "payment.processing", "payment.provider_attempt",
                "payment.requires_capture", "payment.provider_attempt", "payment.succeeded", "refund.created",
                "payment.provider_attempt", "refund.succeeded");
        JsonNode capture = events.body().path("data").get(types.indexOf("payment.succeeded"));
        JsonNode captureAttempt = events.body().path("data").get(types.indexOf("payment.succeeded") - 1);
        assertThat(captureAttempt.path("data").path("provider").asString()).isEqualTo("simulator");
        assertThat(captureAttempt.path("data").path("operation").asString()).isEqualTo("capture");
        assertThat(captureAttempt.path("data").path("outcome").asString()).isEqualTo("Succeeded");
        assertThat(captureAttempt.path("data").has("latency_ms")).isTrue();
        assertThat(capture.path("id").asString()).startsWith("evt_");
        assertThat(capture.path("from_status").asString()).isEqualTo("requires_capture");
        assertThat(capture.path("to_status").asString()).isEqualTo("succeeded");
        assertThat(capture.path("actor").asString()).isEqualTo("merchant:" + merchantId);
        assertThat(capture.path("data").path("amount_released").longValue()).isEqualTo(1000);
    }

    @Test
    void list_is_newest_first_filtered_by_status_and_paginated_by_cursor() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(api.post("/v1/payments", payment(100 + i, "usd", "automatic", VISA)).text("id"));
        }
        api.post("/v1/payments", "{\"amount\": 100, \"currency\": \"usd\"}");

        ApiClient.Response firstPage = api.get("/v1/payments?status=succeeded&limit=3");
        assertThat(firstPage.body().path("has_more").booleanValue()).isTrue();
        List<String> ids = new ArrayList<>();
        firstPage.body().path("data").forEach(p -> ids.add(p.path("id").asString()));
        ApiClient.Response secondPage = api.get("/v1/payments?status=succeeded&limit=3&starting_after=" + ids.get(2));
        secondPage.body().path("data").forEach(p -> ids.add(p.path("id").asString()));

        assertThat(secondPage.body().path("has_more").booleanValue()).isFalse();
        assertThat(ids).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
        assertThat(api.get("/v1/payments?status=requires_confirmation").body().path("data").size()).isEqualTo(1);
        long now = System.currentTimeMillis() / 1000;
        assertThat(api.get("/v1/payments?created[gte]=" + (now + 3600)).body().path("data").size()).isZero();
        assertThat(api.get("/v1/payments?limit=0").errorParam()).isEqualTo("limit");
    }
}
