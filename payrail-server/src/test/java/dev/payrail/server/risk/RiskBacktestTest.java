package dev.payrail.server.risk;

import dev.payrail.core.cards.CardNumber;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A backtest replays a candidate rule set on the facts of the merchant's own last payments, and saves nothing. */
class RiskBacktestTest extends ApiTest {

    private void pay(ApiClient client, long amount, String number, String ip) {
        client.post("/v1/payments", "{\"amount\": " + amount + ", \"currency\": \"usd\", \"confirm\": true, \"card\": "
                + card(number) + ", \"customer_details\": {\"ip_address\": \"" + ip + "\"}}", "bt-" + UUID.randomUUID());
    }

    @Test
    void a_candidate_set_is_counted_against_recent_payments_without_being_saved() {
        routeMerchantTo("simulator");
        for (int i = 0; i < 6; i++) {                                      // six small approved payments, a card each
            pay(api, 1_000 + i, CardNumber.withCheckDigit("42424200000000" + i), "198.51.100." + (10 + i));
        }
        pay(api, 25_000, VISA, "198.51.100.99");                           // one large approved one
        for (int i = 0; i < 3; i++) {
            pay(api, 700, "4000000000000002", "203.0.113.7");             // three declined at the issuer
        }
        ApiClient.Response result = api.post("/v1/risk/rules/backtest", "{\"limit\": 100, \"rules\": ["
                + "{\"id\": \"block-large\", \"action\": \"block\", \"condition\": \":amount_in_usd: >= 200\"},"
                + "{\"id\": \"review-declined-ip\", \"action\": \"review\", \"condition\": \":ip_address: = '203.0.113.7'\"},"
                + "{\"id\": \"log-small\", \"action\": \"block\", \"condition\": \":amount: < 1003\", \"log_only\": true}]}");
        assertThat(result.status()).as(result.body().toString()).isEqualTo(200);
        JsonNode body = result.body();
        assertThat(body.path("object").asString()).isEqualTo("risk_backtest");
        assertThat(body.path("payments").asInt()).isEqualTo(10);
        assertThat(body.path("would_block").asInt()).as(body.toString()).isEqualTo(1);
        assertThat(body.path("would_review").asInt()).isEqualTo(3);
        assertThat(body.path("would_allow").asInt()).isEqualTo(6);
        assertThat(body.path("newly_blocked").asInt()).as(body.toString()).isEqualTo(1);
        assertThat(body.path("approved_would_be_blocked").asInt()).as("the large payment was approved").isEqualTo(1);
        JsonNode large = body.path("rules").path(0);
        assertThat(large.path("held").asInt()).isEqualTo(1);
        assertThat(large.path("decided").asInt()).isEqualTo(1);
        assertThat(large.path("examples")).hasSize(1);
        JsonNode logged = body.path("rules").path(2);
        assertThat(logged.path("held").asInt()).as("1000, 1001, 1002 and the three 700s").isEqualTo(6);
        assertThat(logged.path("decided").asInt()).isZero();
        assertThat(body.path("rules").path(1).path("held_on_approved").asInt()).isZero();

        // nothing was saved: the merchant still runs the defaults; another merchant replays only its own payments
        assertThat(api.get("/v1/risk/rules").body().path("version").asInt()).isZero();
        assertThat(newMerchantClient("Other").post("/v1/risk/rules/backtest", "{\"rules\": []}").body().path("payments").asInt())
                .isZero();
        // a candidate with a bad rule is refused as a save would be
        ApiClient.Response bad = api.post("/v1/risk/rules/backtest", "{\"rules\": [{\"id\": \"x\", \"action\": \"block\", "
                + "\"condition\": \":shoe_size: > 40\"}]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("error").path("param").asString()).isEqualTo("rules[0].condition");
    }
}
