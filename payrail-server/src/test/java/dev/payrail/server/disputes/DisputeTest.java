package dev.payrail.server.disputes;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.EventSchemas;
import dev.payrail.server.support.Eventually;
import dev.payrail.server.support.ProviderWebhooks;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Disputes opened by provider webhooks, answered by the merchant, booked in the ledger. */
class DisputeTest extends ApiTest {

    @Test
    void a_stripe_chargeback_withdraws_amount_and_fee_and_winning_it_returns_the_amount() {
        String payment = paymentOn("stripe", 8_000);
        String intent = api.get("/v1/payments/" + payment).text("provider_reference");
        long due = Instant.now().plus(Duration.ofDays(7)).getEpochSecond();
        long t = Instant.now().getEpochSecond();

        String stripeDisputeId = "dp_s_" + UUID.randomUUID();
        stripeDispute(stripeDisputeId, intent, 8_000, "needs_response", due, t, "charge.dispute.created", payment);
        JsonNode dispute = awaitDispute(payment, "needs_response");

        assertThat(dispute.path("amount").longValue()).isEqualTo(8_000);
        assertThat(dispute.path("evidence_details").path("due_by").longValue()).isEqualTo(due);
        assertThat(dispute.path("funds_withdrawn").booleanValue()).isTrue();
        assertThat(types()).containsSubsequence("dispute", "dispute_fee");
        assertThat(balance("available", "usd")).as("amount and the 15.00 fee taken from available").isEqualTo(-8_000 - 1_500);
        assertLedgerConsistent();

        String id = dispute.path("id").asString();
        ApiClient.Response saved = api.post("/v1/disputes/" + id, "{\"evidence\": {\"product_description\": \"Blue mug\", "
                + "\"receipt\": \"file_abc123\"}}");
        assertThat(saved.text("status")).as("saving is not submitting").isEqualTo("needs_response");
        ApiClient.Response submitted = api.post("/v1/disputes/" + id, "{\"evidence\": {\"uncategorized_text\": \"Delivered\"}, \"submit\": true}");
        assertThat(submitted.text("status")).isEqualTo("under_review");
        assertThat(submitted.body().path("evidence").path("product_description").asString()).isEqualTo("Blue mug");
        assertThat(api.post("/v1/disputes/" + id, "{\"submit\": true}").errorCode()).as("submitted once").isEqualTo("dispute_state_invalid");

        String closedEvent = "evt_" + UUID.randomUUID();
        stripeDisputeEvent(closedEvent, stripeDisputeId, intent, payment, "won", t + 60, "charge.dispute.closed");
        awaitDispute(payment, "won");

        assertThat(api.get("/v1/disputes").body().path("data")).as("still one dispute").hasSize(1);
        assertThat(types()).contains("dispute_reversal");
        assertThat(balance("available", "usd")).as("the amount returns, the fee does not").isEqualTo(-1_500);
        assertLedgerConsistent();
        assertThat(api.post("/v1/disputes/" + id + "/close", "{}").status()).as("a won dispute cannot be accepted").isEqualTo(409);
        List<JsonNode> events = disputeEvents(payment);
        assertThat(events).extracting(e -> e.path("type").asString())
                .containsExactly("dispute.closed", "dispute.updated", "dispute.created");
        for (JsonNode event : events) {
            assertThat(EventSchemas.validate(event).isSuccess()).as(event.toString()).isTrue();
        }
    }

    @Test
    void an_adyen_chargeback_accepted_by_the_merchant_is_lost_once_however_often_it_is_notified() {
        String payment = paymentOn("adyen", 6_000);
        String psp = api.get("/v1/payments/" + payment).text("provider_reference");

        for (String code : List.of("NOTIFICATION_OF_CHARGEBACK", "CHARGEBACK", "NOTIFICATION_OF_CHARGEBACK")) {
            assertThat(ProviderWebhooks.postAdyen(baseUrl(), ProviderWebhooks.adyen(psp, null, payment, 6_000, "EUR", code, true,
                    ProviderWebhooks.ADYEN_HMAC_KEY)).statusCode()).isEqualTo(200);
        }
        String id = awaitDispute(payment, "needs_response").path("id").asString();
        awaitNoInboxWork(psp);

        ApiClient.Response closed = api.post("/v1/disputes/" + id + "/close", "{}");
        assertThat(closed.text("status")).isEqualTo("lost");
        assertThat(ProviderWebhooks.postAdyen(baseUrl(), ProviderWebhooks.adyen(psp, null, payment, 6_000, "EUR", "SECOND_CHARGEBACK",
                true, ProviderWebhooks.ADYEN_HMAC_KEY)).statusCode()).isEqualTo(200);
        awaitNoInboxWork(psp);

        assertThat(jdbc.sql("select count(*) from journal_entries where source_id = ? and event = 'dispute_opened'").param(id)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from journal_entries where source_id = ? and event = 'dispute_lost'").param(id)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(balance("available", "eur")).isEqualTo(-6_000 - 1_500);
        assertLedgerConsistent();
    }

    @Test
    void a_won_inquiry_moves_no_money_and_late_notifications_change_nothing() {
        String payment = paymentOn("stripe", 3_000);
        String intent = api.get("/v1/payments/" + payment).text("provider_reference");
        String disputeId = "dp_s_" + UUID.randomUUID();
        long t = Instant.now().getEpochSecond();

        // closed arrives first; the older "created" (an inquiry) comes after it
        stripeDisputeEvent("evt_" + UUID.randomUUID(), disputeId, intent, payment, "warning_closed", t + 100, "charge.dispute.closed");
        awaitDispute(payment, "won");
        stripeDisputeEvent("evt_" + UUID.randomUUID(), disputeId, intent, payment, "warning_needs_response", t, "charge.dispute.created");
        awaitNoInboxWork(disputeId);

        JsonNode dispute = api.get("/v1/disputes?limit=100").body().path("data").get(0);
        assertThat(dispute.path("status").asString()).isEqualTo("won");
        assertThat(dispute.path("funds_withdrawn").booleanValue()).isFalse();
        assertThat(types()).containsOnly("charge");
        assertLedgerConsistent();
    }

    @Test
    void disputes_raised_by_the_simulated_issuers_run_end_to_end() {
        String onStripe = paymentOn("stripe", 4_000);
        JsonNode raised = simControl("stripe", "/sim/disputes", "{\"face\": \"stripe\", \"payment\": \""
                + api.get("/v1/payments/" + onStripe).text("provider_reference") + "\", \"amount\": 4000, \"currency\": \"usd\","
                + " \"status\": \"needs_response\", \"webhook_url\": \"" + baseUrl() + "/v1/provider-webhooks/stripe\","
                + " \"webhook_secret\": \"" + ProviderWebhooks.STRIPE_SECRET + "\"}");
        assertThat(raised.path("webhook_status").intValue()).as("Payrail accepted the simulator's signed event").isEqualTo(200);
        String stripeDispute = awaitDispute(onStripe, "needs_response").path("id").asString();
        api.post("/v1/disputes/" + stripeDispute, "{\"evidence\": {\"uncategorized_text\": \"Signed for\"}, \"submit\": true}");
        simControl("stripe", "/sim/disputes/" + raised.path("id").asString(), "{\"status\": \"won\"}");
        awaitDispute(onStripe, "won");

        String onAdyen = paymentOn("adyen", 2_500);
        JsonNode adyenRaised = simControl("adyen", "/sim/disputes", "{\"face\": \"adyen\", \"payment\": \""
                + api.get("/v1/payments/" + onAdyen).text("provider_reference") + "\", \"merchant_reference\": \"" + onAdyen
                + "\", \"amount\": 2500, \"currency\": \"eur\", \"webhook_url\": \"" + baseUrl()
                + "/v1/provider-webhooks/adyen\", \"webhook_secret\": \"" + ProviderWebhooks.ADYEN_HMAC_KEY + "\"}");
        assertThat(adyenRaised.path("webhook_status").intValue()).isEqualTo(200);
        awaitDispute(onAdyen, "needs_response");
        simControl("adyen", "/sim/disputes/" + adyenRaised.path("id").asString(), "{\"status\": \"lost\"}");
        awaitDispute(onAdyen, "lost");

        assertThat(balance("available", "usd")).as("won: only the fee is gone").isEqualTo(-1_500);
        assertThat(balance("available", "eur")).as("lost: amount and fee").isEqualTo(-2_500 - 1_500);
        assertLedgerConsistent();
    }

    @Test
    void evidence_is_checked_and_deadlines_and_other_merchants_are_respected() {
        String payment = paymentOn("stripe", 2_000);
        String intent = api.get("/v1/payments/" + payment).text("provider_reference");
        long t = Instant.now().getEpochSecond();
        stripeDispute("dp_s_" + UUID.randomUUID(), intent, 2_000, "needs_response", t - 60, t, "charge.dispute.created", payment);
        String id = awaitDispute(payment, "needs_response").path("id").asString();
        assertThat(api.get("/v1/disputes/" + id).body().path("evidence_details").path("past_due").booleanValue()).isTrue();

        assertThat(api.post("/v1/disputes/" + id, "{\"evidence\": {\"favourite_colour\": \"red\"}}").errorParam())
                .isEqualTo("evidence.favourite_colour");
        assertThat(api.post("/v1/disputes/" + id, "{\"evidence\": {\"receipt\": \"/etc/passwd\"}}").errorParam())
                .isEqualTo("evidence.receipt");
        assertThat(api.post("/v1/disputes/" + id, "{\"evidence\": {\"uncategorized_text\": \"late\"}, \"submit\": true}").errorCode())
                .isEqualTo("dispute_past_due");
        assertThat(api.get("/v1/disputes/" + id).body().path("evidence").isEmpty()).as("nothing stored").isTrue();
        assertThat(newMerchantClient("Other").get("/v1/disputes/" + id).status()).isEqualTo(404);
        assertThat(api.get("/v1/disputes?status=pondering").errorParam()).isEqualTo("status");
        assertThat(new ApiClient(baseUrl(), null).getText("/actuator/prometheus"))
                .containsPattern("payrail_disputes_awaiting_response\\{due=\"past\"[^}]*} [1-9]");
    }

    private String paymentOn(String provider, long amount) {
        new ApiClient(baseUrl(), ADMIN_TOKEN).post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"dispute-" + merchantId
                + "\", \"merchants\": [\"" + merchantId + "\"], \"targets\": [{\"provider\": \"" + provider + "\", \"weight\": 1}]}]}");
        ApiClient.Response created = api.post("/v1/payments", payment(amount, "adyen".equals(provider) ? "eur" : "usd", "automatic", VISA));
        assertThat(created.text("status")).as(created.body().toString()).isEqualTo("succeeded");
        return created.text("id");
    }

    /** POSTs to a simulator's own control API. */
    private JsonNode simControl(String provider, String path, String body) {
        String simulatorUrl = providerEndpoints.get(provider).simulator().orElseThrow().baseUrl();
        ApiClient.Response answer = new ApiClient(simulatorUrl, null).post(path, body);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return answer.body();
    }

    private void stripeDispute(String disputeId, String intent, long amount, String status, long dueBy, long created, String type,
                               String payment) {
        byte[] body = ProviderWebhooks.stripe("evt_" + UUID.randomUUID(), type, created, "{\"id\": \"" + disputeId
                + "\", \"object\": \"dispute\", \"amount\": " + amount + ", \"currency\": \"usd\", \"payment_intent\": \"" + intent
                + "\", \"reason\": \"fraudulent\", \"status\": \"" + status + "\", \"evidence_details\": {\"due_by\": " + dueBy
                + "}, \"metadata\": {}}");
        assertThat(ProviderWebhooks.postStripe(baseUrl(), body).statusCode()).isEqualTo(200);
    }

    private void stripeDisputeEvent(String eventId, String disputeId, String intent, String payment, String status, long created,
                                    String type) {
        long amount = api.get("/v1/payments/" + payment).number("amount");
        byte[] body = ProviderWebhooks.stripe(eventId, type, created, "{\"id\": \"" + disputeId
                + "\", \"object\": \"dispute\", \"amount\": " + amount + ", \"currency\": \"usd\", \"payment_intent\": \"" + intent
                + "\", \"reason\": \"fraudulent\", \"status\": \"" + status + "\", \"evidence_details\": {\"due_by\": "
                + (created + 86_400 * 7) + "}}");
        assertThat(ProviderWebhooks.postStripe(baseUrl(), body).statusCode()).isEqualTo(200);
    }

    private JsonNode awaitDispute(String payment, String status) {
        return Eventually.await("a " + status + " dispute of " + payment, Duration.ofSeconds(15), () -> {
            for (JsonNode dispute : api.get("/v1/disputes?limit=100").body().path("data")) {
                if (payment.equals(dispute.path("payment").asString()) && status.equals(dispute.path("status").asString())) {
                    return Optional.of(dispute);
                }
            }
            return Optional.empty();
        });
    }

    /** Every inbox event whose payload mentions {@code needle} is applied (none pending or parked). */
    private void awaitNoInboxWork(String needle) {
        Eventually.await("inbox events about " + needle + " applied", Duration.ofSeconds(15), () -> {
            List<String> statuses = jdbc.sql("select status from provider_events where payload::text like ?")
                    .param("%" + needle + "%").query(String.class).list();
            assertThat(statuses).doesNotContain("flagged");
            return statuses.stream().allMatch("applied"::equals) ? Optional.of(true) : Optional.empty();
        });
    }

    private List<String> types() {
        List<String> newestFirst = api.get("/v1/balance_transactions?limit=100").body().path("data").valueStream()
                .map(t -> t.path("type").asString()).collect(java.util.stream.Collectors.toList());
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    private List<JsonNode> disputeEvents(String payment) {
        return api.get("/v1/events?limit=100").body().path("data").valueStream()
                .filter(e -> e.path("type").asString().startsWith("dispute."))
                .filter(e -> payment.equals(e.path("data").path("object").path("payment").asString()))
                .toList();
    }
}
