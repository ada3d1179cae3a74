package dev.payrail.server.security;

import dev.payrail.server.ledger.SettlementRun;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.Eventually;
import dev.payrail.server.support.ProviderWebhooks;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One merchant holds one object of every type; another merchant tries every merchant endpoint on their ids:
 * every answer is 404 (never 403, which would confirm the id exists), no list shows them, nothing changes.
 */
class TenantIsolationTest extends ApiTest {

    @Autowired
    SettlementRun settlement;

    @Test
    void every_endpoint_answers_404_for_another_merchants_objects() {
        new ApiClient(baseUrl(), ADMIN_TOKEN).post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"tenant-" + merchantId
                + "\", \"merchants\": [\"" + merchantId + "\"], \"targets\": [{\"provider\": \"stripe\", \"weight\": 1}]}]}");
        String endpoint = api.post("/v1/webhook_endpoints", "{\"url\": \"http://127.0.0.1:9/hooks\"}").text("id");
        String paid = api.post("/v1/payments", payment(9_000, "usd", "automatic", VISA)).text("id");
        String authorized = api.post("/v1/payments", payment(1_000, "usd", "manual", VISA)).text("id");
        String unconfirmed = api.post("/v1/payments", "{\"amount\": 500, \"currency\": \"usd\"}").text("id");
        String refund = api.post("/v1/refunds", "{\"payment\": \"" + paid + "\", \"amount\": 100}").text("id");
        String paymentMethod = api.post("/v1/payment_methods", "{\"card\": " + card(VISA) + "}").text("id");
        String customer = api.post("/v1/customers", "{\"email\": \"mine@example.com\"}").text("id");
        String savedCard = api.post("/v1/payment_methods", "{\"card\": " + card(VISA) + "}").text("id");
        api.post("/v1/payment_methods/" + savedCard + "/attach", "{\"customer\": \"" + customer + "\"}");
        String setupIntent = api.post("/v1/setup_intents", "{\"customer\": \"" + customer + "\"}").text("id");
        String account = api.post("/v1/payment_methods", "{\"type\": \"sepa_debit\", \"sepa_debit\": {\"iban\": "
                + "\"DE89370400440532013000\"}, \"billing_details\": {\"name\": \"E\"}}").text("id");
        String mandate = api.post("/v1/mandates", "{\"customer\": \"" + customer + "\", \"payment_method\": \"" + account
                + "\", \"customer_acceptance\": {\"type\": \"offline\"}}").text("id");
        String apiKey = api.post("/v1/api_keys", "{\"kind\": \"read_only\"}").text("id");
        String event = api.get("/v1/events?limit=1").body().path("data").get(0).path("id").asString();
        String delivery = Eventually.await("a delivery", Duration.ofSeconds(10), () -> Optional.ofNullable(
                api.get("/v1/webhook_endpoints/" + endpoint + "/deliveries").body().path("data").get(0)).map(d -> d.path("id").asString()));
        settlement.settleDue(Instant.now().plus(Duration.ofDays(3)));
        String payout = api.post("/v1/payouts", "{\"amount\": 1000, \"currency\": \"usd\", \"destination\": \"ba_tenant\"}").text("id");
        String balanceTransaction = api.get("/v1/balance_transactions?limit=1").body().path("data").get(0).path("id").asString();
        String intent = api.get("/v1/payments/" + paid).text("provider_reference");
        byte[] dispute = ProviderWebhooks.stripe("evt_" + UUID.randomUUID(), "charge.dispute.created", Instant.now().getEpochSecond(),
                "{\"id\": \"dp_tenant_" + UUID.randomUUID() + "\", \"object\": \"dispute\", \"amount\": 500, \"currency\": \"usd\","
                        + " \"payment_intent\": \"" + intent + "\", \"status\": \"needs_response\"}");
        assertThat(ProviderWebhooks.postStripe(baseUrl(), dispute).statusCode()).isEqualTo(200);
        String disputeId = Eventually.await("the dispute", Duration.ofSeconds(10), () -> Optional.ofNullable(
                api.get("/v1/disputes").body().path("data").get(0)).map(d -> d.path("id").asString()));
        Map<String, String> before = Map.of(paid, api.get("/v1/payments/" + paid).body().toString(),
                authorized, api.get("/v1/payments/" + authorized).body().toString());

        ApiClient other = newMerchantClient("Prying merchant");
        List<ApiClient.Response> answers = List.of(
                other.get("/v1/payments/" + paid),
                other.get("/v1/payments/" + paid + "/events"),
                other.post("/v1/payments/" + authorized + "/capture", "{}"),
                other.post("/v1/payments/" + authorized + "/cancel", "{}"),
                other.post("/v1/payments/" + unconfirmed + "/confirm", "{\"card\": " + card(VISA) + "}"),
                other.post("/v1/refunds", "{\"payment\": \"" + paid + "\", \"amount\": 1}"),
                other.get("/v1/refunds/" + refund),
                other.get("/v1/events/" + event),
                other.get("/v1/webhook_endpoints/" + endpoint),
                other.get("/v1/webhook_endpoints/" + endpoint + "/deliveries"),
                other.post("/v1/webhook_endpoints/" + endpoint + "/rotate_secret", "{}"),
                other.delete("/v1/webhook_endpoints/" + endpoint),
                other.post("/v1/event_deliveries/" + delivery + "/redeliver", "{}"),
                other.get("/v1/disputes/" + disputeId),
                other.post("/v1/disputes/" + disputeId, "{\"evidence\": {\"uncategorized_text\": \"mine\"}}"),
                other.post("/v1/disputes/" + disputeId + "/close", "{}"),
                other.get("/v1/payouts/" + payout),
                other.post("/v1/payouts/" + payout + "/cancel", "{}"),
                other.get("/v1/balance_transactions/" + balanceTransaction),
                other.get("/v1/payment_methods/" + paymentMethod),
                other.post("/v1/payments", "{\"amount\": 100, \"currency\": \"usd\", \"confirm\": true, "
                        + "\"payment_method\": \"" + paymentMethod + "\"}"),
                other.get("/v1/mandates/" + mandate),
                other.post("/v1/mandates/" + mandate + "/revoke", "{}"),
                other.post("/v1/mandates", "{\"customer\": \"" + customer + "\", \"payment_method\": \"" + account
                        + "\", \"customer_acceptance\": {\"type\": \"offline\"}}"),
                other.post("/v1/payments", "{\"amount\": 100, \"currency\": \"eur\", \"confirm\": true, \"customer\": \""
                        + customer + "\", \"payment_method\": \"" + account + "\"}"),
                other.get("/v1/setup_intents/" + setupIntent),
                other.post("/v1/setup_intents/" + setupIntent + "/confirm", "{\"payment_method\": \"" + savedCard + "\"}"),
                other.post("/v1/setup_intents/" + setupIntent + "/cancel", "{}"),
                other.post("/v1/setup_intents", "{\"customer\": \"" + customer + "\"}"),
                other.get("/v1/customers/" + customer),
                other.post("/v1/customers/" + customer, "{\"name\": \"theirs\"}"),
                other.delete("/v1/customers/" + customer),
                other.get("/v1/customers/" + customer + "/payment_methods"),
                other.post("/v1/payment_methods/" + savedCard + "/detach", "{}"),
                other.post("/v1/payment_methods/" + paymentMethod + "/attach", "{\"customer\": \"" + customer + "\"}"),
                other.post("/v1/payments", "{\"amount\": 100, \"currency\": \"usd\", \"confirm\": true, \"off_session\": true, "
                        + "\"customer\": \"" + customer + "\", \"payment_method\": \"" + savedCard + "\"}"),
                other.post("/v1/api_keys/" + apiKey + "/roll", "{}"),
                other.post("/v1/api_keys/" + apiKey + "/revoke", "{}"));
        for (ApiClient.Response answer : answers) {
            assertThat(answer.status()).as("%s %s", answer.raw().request().method(), answer.raw().request().uri()).isEqualTo(404);
        }

        for (String list : List.of("/v1/payments", "/v1/events", "/v1/webhook_endpoints", "/v1/disputes", "/v1/payouts",
                "/v1/balance_transactions", "/v1/customers", "/v1/customers?email=mine@example.com", "/v1/setup_intents",
                "/v1/setup_intents?customer=" + customer)) {
            assertThat(other.get(list).body().path("data")).as(list).isEmpty();
        }
        assertThat(other.get("/v1/balance").body().path("available")).isEmpty();
        before.forEach((id, json) -> assertThat(api.get("/v1/payments/" + id).body().toString()).as("untouched").isEqualTo(json));
        assertThat(api.get("/v1/webhook_endpoints/" + endpoint).status()).isEqualTo(200);
        assertThat(api.get("/v1/customers/" + customer).text("email")).isEqualTo("mine@example.com");
        assertThat(api.get("/v1/customers/" + customer + "/payment_methods").body().path("data")).as("a card and a bank account")
                .hasSize(2);
        assertThat(api.get("/v1/setup_intents/" + setupIntent).text("status")).isEqualTo("requires_payment_method");
        assertThat(api.get("/v1/mandates/" + mandate).text("status")).isEqualTo("active");
        assertThat(api.get("/v1/disputes/" + disputeId).text("status")).isEqualTo("needs_response");
    }
}
