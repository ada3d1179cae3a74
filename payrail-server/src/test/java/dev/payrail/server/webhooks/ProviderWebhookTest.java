package dev.payrail.server.webhooks;

import dev.payrail.core.webhooks.StripeSignature;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.ProviderWebhooks;
import dev.payrail.server.support.Eventually;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderWebhookTest extends ApiTest {
    private static final String STRIPE_SECRET = "whsec_test_current";
    private static final String ADYEN_KEY = ProviderWebhooks.ADYEN_HMAC_KEY;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void forged_tampered_stale_and_unsigned_stripe_webhooks_are_refused_and_leave_no_trace() throws Exception {
        String eventId = "evt_" + UUID.randomUUID();
        byte[] body = stripeEvent(eventId, "payment_intent.succeeded", "pi_x", "pay_x", "automatic");
        long now = Instant.now().getEpochSecond();

        assertThat(postStripe(body, StripeSignature.header("whsec_wrong", now, body)).statusCode()).isEqualTo(400);
        assertThat(postStripe(body, null).body()).contains("webhook_signature_unsigned");
        assertThat(postStripe(body, StripeSignature.header(STRIPE_SECRET, now - 3600, body)).body()).contains("webhook_signature_stale");
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("pay_x", "pay_y").getBytes(StandardCharsets.UTF_8);
        assertThat(postStripe(tampered, StripeSignature.header(STRIPE_SECRET, now, body)).body()).contains("webhook_signature_mismatch");

        assertThat(jdbc.sql("select count(*) from provider_events where provider_event_id = ?").param(eventId)
                .query(Long.class).single()).isZero();
        assertThat(new ApiClient(baseUrl(), null).getText("/actuator/prometheus"))
                .contains("payrail_webhooks_rejected_total{provider=\"stripe\",reason=\"stale\"}");
    }

    @Test
    void the_previous_secret_still_verifies_during_rotation() throws Exception {
        byte[] body = stripeEvent("evt_" + UUID.randomUUID(), "customer.created", "cus_1", null, "automatic");

        HttpResponse<String> answer = postStripe(body, StripeSignature.header("whsec_test_previous",
                Instant.now().getEpochSecond(), body));

        assertThat(answer.statusCode()).isEqualTo(200);
    }

    @Test
    void the_same_event_delivered_100_times_at_once_is_stored_and_applied_once() throws Exception {
        String id = api.post("/v1/payments", payment(1500, "usd", "automatic", VISA)).text("id");
        String eventId = "evt_" + UUID.randomUUID();
        byte[] body = stripeEvent(eventId, "payment_intent.succeeded", "pi_storm", id, "automatic");
        String signature = StripeSignature.header(STRIPE_SECRET, Instant.now().getEpochSecond(), body);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> postStripeUnchecked(body, signature), threads));
            }
            for (CompletableFuture<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            threads.shutdownNow();
        }
        JsonNode stored = awaitEvent(eventId, "applied");

        assertThat(jdbc.sql("select count(*) from provider_events where provider_event_id = ?").param(eventId)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(stored.path("last_error").asString()).isEqualTo("already_reflected");
        assertThat(api.get("/v1/payments/" + id).text("status")).isEqualTo("succeeded");
    }

    @Test
    void an_adyen_authorisation_webhook_settles_an_authorization_whose_answer_was_lost() throws Exception {
        new ApiClient(baseUrl(), ADMIN_TOKEN).post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"wh-" + merchantId
                + "\", \"merchants\": [\"" + merchantId + "\"], \"targets\": [{\"provider\": \"adyen\", \"weight\": 1}]}]}");
        ApiClient.Response lost = api.post("/v1/payments", payment(2300, "eur", "manual", "4000000000000341"));
        assertThat(lost.text("status")).isEqualTo("processing");
        String id = lost.text("id");
        String psp = simulator.authorizationsFor(id).get(0).path("id").asString();

        HttpResponse<String> answer = postAdyen(adyenNotification(psp, id, 2300, "EUR", "AUTHORISATION", true, ADYEN_KEY));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("[accepted]");
        ApiClient.Response settled = api.await("/v1/payments/" + id, r -> "requires_capture".equals(r.text("status")),
                Duration.ofSeconds(10));
        assertThat(settled.text("provider_reference")).isEqualTo(psp);
        assertThat(settled.body().path("outcome_unknown").booleanValue()).isFalse();
        assertThat(simulator.authorizationsFor(id)).hasSize(1);
        assertThat(postAdyen(adyenNotification(psp, id, 2300, "EUR", "AUTHORISATION", true, "00".repeat(32))).statusCode())
                .as("wrong HMAC key").isEqualTo(400);
    }

    @Test
    void an_adyen_refund_webhook_settles_exactly_the_refund_it_names() throws Exception {
        new ApiClient(baseUrl(), ADMIN_TOKEN).post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"whr-" + merchantId
                + "\", \"merchants\": [\"" + merchantId + "\"], \"targets\": [{\"provider\": \"adyen\", \"weight\": 1}]}]}");
        String id = api.post("/v1/payments", payment(5000, "usd", "automatic", VISA)).text("id");
        String psp = api.get("/v1/payments/" + id).text("provider_reference");
        var adyen = providerEndpoints.get("adyen").simulator().orElseThrow();
        adyen.faults().set(dev.payrail.sim.Faults.Mode.NONE, Duration.ofMillis(1500));
        ApiClient.Response first;
        ApiClient.Response second;
        try {
            first = api.post("/v1/refunds", "{\"payment\": \"" + id + "\", \"amount\": 1000}");
            second = api.post("/v1/refunds", "{\"payment\": \"" + id + "\", \"amount\": 2000}");
        } finally {
            adyen.faults().clear();
        }
        assertThat(first.text("status")).isEqualTo("pending");
        assertThat(second.body().path("outcome_unknown").booleanValue()).isTrue();
        String secondOperation = jdbc.sql("select id from provider_operations where refund_id = ?")
                .param(second.text("id")).query(String.class).single();

        HttpResponse<String> answer = postAdyen(adyenNotification("modref_2", secondOperation, 2000, "USD", "REFUND", true, ADYEN_KEY));

        assertThat(answer.statusCode()).isEqualTo(200);
        api.await("/v1/refunds/" + second.text("id"), r -> "succeeded".equals(r.text("status")), Duration.ofSeconds(10));
        assertThat(api.get("/v1/refunds/" + first.text("id")).text("status")).as("the other refund is untouched").isEqualTo("pending");
        assertThat(api.get("/v1/payments/" + id).number("amount_refunded")).isEqualTo(2000);
        assertThat(psp).isNotBlank();
    }

    @Test
    void a_stripe_refund_event_arriving_before_payrails_own_refund_answer_settles_it_once() throws Exception {
        new ApiClient(baseUrl(), ADMIN_TOKEN).post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"refund-" + merchantId
                + "\", \"merchants\": [\"" + merchantId + "\"], \"targets\": [{\"provider\": \"stripe\", \"weight\": 1}]}]}");
        String id = api.post("/v1/payments", payment(8000, "usd", "automatic", VISA)).text("id");
        String intent = api.get("/v1/payments/" + id).text("provider_reference");
        var stripe = providerEndpoints.get("stripe").simulator().orElseThrow();
        // Stripe answers the refund call late (still within Payrail's read timeout); its webhook comes meanwhile.
        stripe.faults().set(dev.payrail.sim.Faults.Mode.NONE, Duration.ofMillis(900));
        ApiClient.Response answer;
        String eventId = "evt_" + UUID.randomUUID();
        try {
            var refundCall = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> api.post("/v1/refunds", "{\"payment\": \"" + id + "\", \"amount\": 3000}"));
            String operation = Eventually.await("the refund operation to open", Duration.ofSeconds(5), () -> jdbc.sql(
                            "select id from provider_operations where payment_id = ? and kind = 'refund'")
                    .param(id).query(String.class).optional());
            byte[] event = ("{\"id\": \"" + eventId + "\", \"object\": \"event\", \"type\": \"refund.updated\", \"created\": "
                    + Instant.now().getEpochSecond() + ", \"data\": {\"object\": {\"id\": \"re_from_webhook\", \"object\": \"refund\", "
                    + "\"amount\": 3000, \"currency\": \"usd\", \"status\": \"succeeded\", \"payment_intent\": \"" + intent
                    + "\", \"metadata\": {\"payrail_operation\": \"" + operation + "\"}}}}").getBytes(StandardCharsets.UTF_8);
            for (int delivery = 0; delivery < 2; delivery++) { // Stripe retries: the same event twice
                assertThat(postStripe(event, StripeSignature.header(STRIPE_SECRET, Instant.now().getEpochSecond(), event))
                        .statusCode()).isEqualTo(200);
            }
            answer = refundCall.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            stripe.faults().clear();
        }

        // Whichever answer came first settled the refund; the other changed nothing.
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        String refundId = answer.text("id");
        api.await("/v1/refunds/" + refundId, r -> "succeeded".equals(r.text("status")), Duration.ofSeconds(10));
        assertThat(awaitEvent(eventId, "applied").path("last_error").asString()).isIn("settled", "already_reflected");
        assertThat(api.get("/v1/payments/" + id).number("amount_refunded")).isEqualTo(3000);
        assertThat(jdbc.sql("select count(*) from payment_events where payment_id = ? and type = 'refund.succeeded'")
                .param(id).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from provider_events where provider_event_id = ?").param(eventId)
                .query(Long.class).single()).as("the retried delivery is a duplicate").isEqualTo(1);
    }

    @Test
    void authorisation_and_capture_notifications_in_any_order_and_repeated_end_in_the_same_state() throws Exception {
        new ApiClient(baseUrl(), ADMIN_TOKEN).post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"order-" + merchantId
                + "\", \"merchants\": [\"" + merchantId + "\"], \"targets\": [{\"provider\": \"adyen\", \"weight\": 1}]}]}");
        List<List<String>> orders = List.of(
                List.of("AUTHORISATION", "CAPTURE"), List.of("CAPTURE", "AUTHORISATION"),
                List.of("CAPTURE", "CAPTURE", "AUTHORISATION"), List.of("AUTHORISATION", "CAPTURE", "AUTHORISATION"));
        for (List<String> order : orders) {
            ApiClient.Response lost = api.post("/v1/payments", payment(3300, "usd", "automatic", "4000000000000341"));
            assertThat(lost.text("status")).as(lost.body().toString()).isEqualTo("processing");
            String id = lost.text("id");
            String psp = simulator.authorizationsFor(id).get(0).path("id").asString();
            for (String code : order) {
                byte[] notification = code.equals("AUTHORISATION")
                        ? adyenNotification(psp, id, 3300, "USD", code, true, ADYEN_KEY)
                        : adyenNotification("capture_" + psp, psp, id, 3300, "USD", code, true, ADYEN_KEY);
                assertThat(postAdyen(notification).statusCode()).as(order + " " + code).isEqualTo(200);
            }
            ApiClient.Response settled = api.await("/v1/payments/" + id, r -> "succeeded".equals(r.text("status")),
                    Duration.ofSeconds(10));
            assertThat(settled.number("amount_received")).as(order.toString()).isEqualTo(3300);
            assertThat(simulator.authorizationsFor(id)).as(order.toString()).hasSize(1);
            awaitNoneWaitingFor(id);
        }
    }

    @Test
    void an_event_for_an_unknown_payment_is_parked_then_flagged_and_can_be_replayed() throws Exception {
        String eventId = "evt_" + UUID.randomUUID();
        byte[] body = stripeEvent(eventId, "payment_intent.succeeded", "pi_ghost", "pay_not_yet_known", "automatic");
        assertThat(postStripe(body, StripeSignature.header(STRIPE_SECRET, Instant.now().getEpochSecond(), body)).statusCode())
                .isEqualTo(200);

        JsonNode flagged = awaitEvent(eventId, "flagged");
        assertThat(flagged.path("last_error").asString()).contains("pay_not_yet_known");
        ApiClient admin = new ApiClient(baseUrl(), ADMIN_TOKEN);
        ApiClient.Response replayed = admin.post("/v1/admin/provider_events/" + flagged.path("id").asString() + "/replay", "{}");
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.body().path("payload").asString()).contains(eventId);
        assertThat(admin.get("/v1/admin/provider_events?limit=ten").errorParam()).isEqualTo("limit");
    }

    /** Every event about the payment ends applied: parked ones come back once the authorization is settled. */
    private void awaitNoneWaitingFor(String paymentId) {
        Eventually.await("all events of " + paymentId + " applied", Duration.ofSeconds(15), () -> {
            List<String> statuses = jdbc.sql("select status from provider_events where payment_reference = ?")
                    .param(paymentId).query(String.class).list();
            assertThat(statuses).doesNotContain("flagged");
            return !statuses.isEmpty() && statuses.stream().allMatch("applied"::equals)
                    ? java.util.Optional.of(true) : java.util.Optional.empty();
        });
    }

    private JsonNode awaitEvent(String providerEventId, String status) {
        ApiClient admin = new ApiClient(baseUrl(), ADMIN_TOKEN);
        return Eventually.await("event " + providerEventId + " " + status, Duration.ofSeconds(15), () -> {
            for (JsonNode event : admin.get("/v1/admin/provider_events?status=" + status + "&limit=500").body().path("data")) {
                if (providerEventId.equals(event.path("provider_event_id").asString())) {
                    return java.util.Optional.of(event);
                }
            }
            return java.util.Optional.empty();
        });
    }

    private static byte[] stripeEvent(String id, String type, String intent, String paymentId, String captureMethod) {
        String metadata = paymentId == null ? "{}" : "{\"payrail_payment\": \"" + paymentId + "\"}";
        return ("{\"id\": \"" + id + "\", \"object\": \"event\", \"type\": \"" + type + "\", \"created\": "
                + Instant.now().getEpochSecond() + ", \"data\": {\"object\": {\"id\": \"" + intent
                + "\", \"object\": \"payment_intent\", \"status\": \"succeeded\", \"capture_method\": \"" + captureMethod
                + "\", \"metadata\": " + metadata + "}}}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] adyenNotification(String psp, String reference, long value, String currency, String code,
                                            boolean success, String hmacKey) {
        return adyenNotification(psp, null, reference, value, currency, code, success, hmacKey);
    }

    private static byte[] adyenNotification(String psp, String originalReference, String reference, long value,
                                            String currency, String code, boolean success, String hmacKey) {
        return ProviderWebhooks.adyen(psp, originalReference, reference, value, currency, code, success, hmacKey);
    }

    private HttpResponse<String> postStripe(byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/provider-webhooks/stripe"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int postStripeUnchecked(byte[] body, String signature) {
        try {
            return postStripe(body, signature).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> postAdyen(byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/provider-webhooks/adyen"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
