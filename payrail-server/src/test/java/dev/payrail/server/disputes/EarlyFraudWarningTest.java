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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Early fraud warnings from the simulated issuers, end to end over HTTP: Stripe's radar.early_fraud_warning.created and
 * Adyen's NOTIFICATION_OF_FRAUD, signed, recorded on the payment and announced; with the merchant's
 * refund_on_early_fraud_warning on, a captured payment is refunded (the ledger posts it as any refund) and an
 * uncaptured one voided; off, nothing moves; a warning delivered twice is one; another merchant sees none of it.
 */
class EarlyFraudWarningTest extends ApiTest {
    @org.springframework.beans.factory.annotation.Autowired
    EarlyFraudWarningRefunds refunds;

    @Test
    void with_the_setting_on_a_stripe_warning_refunds_the_payment_once() {
        ApiClient.Response setting = api.post("/v1/risk/settings", "{\"refund_on_early_fraud_warning\": true}");
        assertThat(setting.body().path("refund_on_early_fraud_warning").booleanValue()).isTrue();
        String payment = paymentOn("stripe", "automatic", 6_000, "succeeded");
        String intent = api.get("/v1/payments/" + payment).text("provider_reference");

        JsonNode sent = warn("stripe", intent, payment, 6_000, "usd", "made_with_stolen_card");
        assertThat(sent.path("webhook_status").intValue()).as("Payrail accepted the simulator's signed event").isEqualTo(200);
        JsonNode warning = awaitWarning(payment, "refunded");
        assertThat(warning.path("fraud_type").asString()).isEqualTo("made_with_stolen_card");
        assertThat(warning.path("actionable").booleanValue()).as("acted on").isFalse();
        String refund = warning.path("refund").asString();
        assertThat(refund).startsWith("re_");
        JsonNode paid = api.get("/v1/payments/" + payment).body();
        assertThat(paid.path("amount_refunded").asLong() + paid.path("amount_refund_pending").asLong()).isEqualTo(6_000);
        assertThat(api.get("/v1/refunds/" + refund).text("reason")).isEqualTo("fraudulent");
        Eventually.await("the refund settled", Duration.ofSeconds(15), () -> api.get("/v1/payments/" + payment)
                .number("amount_refunded") == 6_000 ? Optional.of(true) : Optional.empty());
        assertThat(types()).contains("refund");
        assertLedgerConsistent();

        // the same report again (a provider retries deliveries): still one warning, one refund
        byte[] again = ProviderWebhooks.stripe("evt_again_" + warning.path("id").asString(), "radar.early_fraud_warning.created",
                Instant.now().getEpochSecond(), "{\"id\": \"" + sent.path("id").asString() + "\", \"object\": "
                        + "\"radar.early_fraud_warning\", \"actionable\": true, \"fraud_type\": \"made_with_stolen_card\", "
                        + "\"payment_intent\": \"" + intent + "\", \"created\": " + Instant.now().getEpochSecond() + "}");
        assertThat(ProviderWebhooks.postStripe(baseUrl(), again).statusCode()).isEqualTo(200);
        awaitNoInboxWork(sent.path("id").asString());
        assertThat(api.get("/v1/early_fraud_warnings?payment=" + payment).body().path("data")).hasSize(1);
        assertThat(api.get("/v1/refunds?payment=" + payment).body().path("data")).hasSize(1);

        // a process that refunded and died before recording it: the next run answers from the warning's key, and records
        // the same refund instead of calling the payment not refundable
        jdbc.sql("update early_fraud_warnings set auto_refund = 'pending', refund_id = null where id = ?")
                .param(warning.path("id").asString()).update();
        refunds.refundPending();
        JsonNode recovered = api.get("/v1/early_fraud_warnings/" + warning.path("id").asString()).body();
        assertThat(recovered.path("auto_refund").asString()).isEqualTo("refunded");
        assertThat(recovered.path("refund").asString()).isEqualTo(refund);
        assertThat(api.get("/v1/refunds?payment=" + payment).body().path("data")).as("still one refund").hasSize(1);

        // the reported card is blocked at the merchant: its next attempt never reaches a provider
        JsonNode entry = api.get("/v1/risk/lists").body().path("data").path(0);
        assertThat(entry.path("type").asString()).isEqualTo("card_fingerprint");
        assertThat(entry.path("kind").asString()).isEqualTo("block");
        assertThat(entry.path("description").asString()).contains(warning.path("id").asString(), "made_with_stolen_card");
        ApiClient.Response reused = api.post("/v1/payments", payment(1_000, "usd", "automatic", VISA));
        assertThat(reused.body().path("error").path("decline_code").asString()).isEqualTo("blocked");
        JsonNode refused = api.get("/v1/payments/" + reused.body().path("error").path("payment").asString()).body();
        assertThat(refused.path("outcome").path("list_entry").asString()).isEqualTo(entry.path("id").asString());

        List<JsonNode> events = events(payment);
        assertThat(events).extracting(e -> e.path("type").asString())
                .containsSubsequence("early_fraud_warning.updated", "early_fraud_warning.created");
        for (JsonNode event : events) {
            assertThat(EventSchemas.validate(event).isSuccess()).as(EventSchemas.validate(event).toString()).isTrue();
        }
        assertThat(newMerchantClient("Other").get("/v1/early_fraud_warnings/" + warning.path("id").asString()).status())
                .isEqualTo(404);
    }

    @Test
    void an_adyen_warning_voids_an_uncaptured_payment_and_without_the_setting_nothing_moves() {
        api.post("/v1/risk/settings", "{\"refund_on_early_fraud_warning\": true}");
        String held = paymentOn("adyen", "manual", 3_000, "requires_capture");
        warn("adyen", api.get("/v1/payments/" + held).text("provider_reference"), held, 3_000, "eur", "unauthorized_use_of_card");
        JsonNode voided = awaitWarning(held, "voided");
        assertThat(voided.path("fraud_type").asString()).isEqualTo("unauthorized_use_of_card");
        assertThat(voided.path("provider").asString()).isEqualTo("adyen");
        JsonNode canceled = api.get("/v1/payments/" + held).body();
        assertThat(canceled.path("status").asString()).isEqualTo("canceled");
        assertThat(canceled.path("cancellation_reason").asString()).isEqualTo("fraudulent");

        assertThat(api.post("/v1/risk/settings", "{\"refund_on_early_fraud_warning\": \"yes\"}").errorParam())
                .isEqualTo("refund_on_early_fraud_warning");
        assertThat(api.post("/v1/risk/settings", "{\"refund_on_early_fraud_warning\": false}").status()).isEqualTo(200);
        // another card: the first was blocked at the merchant by its warning
        String paid = paymentOn("adyen", "automatic", 2_000, "succeeded", "5555555555554444");
        warn("adyen", api.get("/v1/payments/" + paid).text("provider_reference"), paid, 2_000, "eur", "Fraud");
        JsonNode recorded = awaitWarning(paid, "off");
        assertThat(recorded.path("fraud_type").asString()).as("an Adyen reason outside Stripe's types").isEqualTo("misc");
        assertThat(recorded.path("actionable").booleanValue()).as("the merchant may still act on it").isTrue();
        assertThat(api.get("/v1/payments/" + paid).number("amount_refunded")).isZero();
        assertThat(jdbc.sql("select action || ' ' || outcome from audit_log where actor like ? and action = 'POST /v1/risk/settings' "
                + "order by id").param("merchant:" + merchantId + "/%").query(String.class).list())
                .as("every settings change audited, the refused one too").containsExactly("POST /v1/risk/settings succeeded",
                        "POST /v1/risk/settings refused", "POST /v1/risk/settings succeeded");
    }

    private String paymentOn(String provider, String captureMethod, long amount, String status) {
        return paymentOn(provider, captureMethod, amount, status, VISA);
    }

    private String paymentOn(String provider, String captureMethod, long amount, String status, String card) {
        new ApiClient(baseUrl(), ADMIN_TOKEN).post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"efw-" + merchantId
                + "\", \"merchants\": [\"" + merchantId + "\"], \"targets\": [{\"provider\": \"" + provider + "\", \"weight\": 1}]}]}");
        ApiClient.Response created = api.post("/v1/payments", payment(amount, "adyen".equals(provider) ? "eur" : "usd",
                captureMethod, card));
        assertThat(created.text("status")).as(created.body().toString()).isEqualTo(status);
        return created.text("id");
    }

    /** The simulated issuer reports fraud on the payment: its provider's signed webhook to Payrail. */
    private JsonNode warn(String provider, String providerReference, String payment, long amount, String currency,
                          String fraudType) {
        String simulatorUrl = providerEndpoints.get(provider).simulator().orElseThrow().baseUrl();
        ApiClient.Response answer = new ApiClient(simulatorUrl, null).post("/sim/early_fraud_warnings", "{\"face\": \""
                + provider + "\", \"payment\": \"" + providerReference + "\", \"merchant_reference\": \"" + payment
                + "\", \"amount\": " + amount + ", \"currency\": \"" + currency + "\", \"fraud_type\": \"" + fraudType
                + "\", \"webhook_url\": \"" + baseUrl() + "/v1/provider-webhooks/" + provider + "\", \"webhook_secret\": \""
                + ("stripe".equals(provider) ? ProviderWebhooks.STRIPE_SECRET : ProviderWebhooks.ADYEN_HMAC_KEY) + "\"}");
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        assertThat(answer.body().path("webhook_status").intValue()).isEqualTo(200);
        return answer.body();
    }

    private JsonNode awaitWarning(String payment, String autoRefund) {
        return Eventually.await("a warning on " + payment + " with auto_refund " + autoRefund, Duration.ofSeconds(20), () -> {
            for (JsonNode warning : api.get("/v1/early_fraud_warnings?payment=" + payment).body().path("data")) {
                if (autoRefund.equals(warning.path("auto_refund").asString())) {
                    return Optional.of(warning);
                }
            }
            return Optional.empty();
        });
    }

    private void awaitNoInboxWork(String needle) {
        Eventually.await("inbox events about " + needle + " applied", Duration.ofSeconds(15), () -> {
            List<String> statuses = jdbc.sql("select status from provider_events where payload::text like ?")
                    .param("%" + needle + "%").query(String.class).list();
            return statuses.size() >= 2 && statuses.stream().allMatch("applied"::equals) ? Optional.of(true) : Optional.empty();
        });
    }

    private List<String> types() {
        return api.get("/v1/balance_transactions?limit=100").body().path("data").valueStream()
                .map(t -> t.path("type").asString()).toList();
    }

    private List<JsonNode> events(String payment) {
        return api.get("/v1/events?limit=100").body().path("data").valueStream()
                .filter(e -> e.path("type").asString().startsWith("early_fraud_warning."))
                .filter(e -> payment.equals(e.path("data").path("object").path("payment").asString()))
                .toList();
    }
}
