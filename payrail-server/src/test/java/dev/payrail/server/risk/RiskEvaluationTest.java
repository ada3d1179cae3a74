package dev.payrail.server.risk;

import dev.payrail.core.cards.CardNumber;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.EventSchemas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The risk evaluation on the payment path, over HTTP against the simulator: the default rules stop a card tester and
 * a card declined again and again before any provider call, the merchant's rules and lists decide in their fixed
 * order, a review holds the authorization uncaptured, the outcome is on the payment and its events, and one merchant's
 * rules and lists never touch another's payments.
 */
class RiskEvaluationTest extends ApiTest {

    @BeforeEach
    void simulatorOnly() {
        routeMerchantTo("simulator");
    }

    /** A distinct number per {@code n} of a BIN never issued: a card tester's guesses, declined by the issuer. */
    private static String testCard(int n) {
        return CardNumber.withCheckDigit(String.format("400099%09d", n));
    }

    /** A distinct valid Visa number per {@code n} that the simulated issuer approves: a customer's card. */
    private static String customerCard(int n) {
        return CardNumber.withCheckDigit(String.format("411111%09d", n));
    }

    private ApiClient.Response pay(ApiClient client, long amount, String number, String customerDetails) {
        return client.post("/v1/payments", "{\"amount\": " + amount + ", \"currency\": \"usd\", \"confirm\": true, \"card\": "
                + card(number) + (customerDetails == null ? "" : ", \"customer_details\": " + customerDetails) + "}",
                "risk-" + UUID.randomUUID());
    }

    private static String from(String ip) {
        return "{\"ip_address\": \"" + ip + "\"}";
    }

    private JsonNode payment(ApiClient.Response answer) {
        return api.get("/v1/payments/" + answer.body().path("error").path("payment").asString(answer.text("id"))).body();
    }

    @Test
    void a_card_tester_is_blocked_before_any_provider_call_and_a_customer_elsewhere_is_not() {
        List<String> reached = new ArrayList<>();
        for (int card = 1; card <= 9; card++) {
            ApiClient.Response answer = pay(api, 100, testCard(card), from("203.0.113.9"));
            assertThat(answer.body().path("error").path("decline_code").asString()).as(answer.body().toString())
                    .isEqualTo("incorrect_number");      // the issuer's decline: the attempt reached the provider
            JsonNode tried = payment(answer);
            assertThat(tried.path("outcome").path("action").asString()).isEqualTo("allow");
            reached.add(tried.path("id").asString());
        }
        JsonNode ninth = api.get("/v1/payments/" + reached.get(8)).body();
        assertThat(ninth.path("outcome").path("reasons").toString()).contains("ip_distinct_cards_1h:+40");
        assertThat(ninth.path("outcome").path("rule_set_version").asInt()).as("Payrail's default rules").isZero();

        // the tenth card from the address this hour
        ApiClient.Response tenth = pay(api, 100, testCard(10), from("203.0.113.9"));
        assertThat(tenth.status()).isEqualTo(402);
        assertThat(tenth.body().path("error").path("code").asString()).isEqualTo("card_declined");
        assertThat(tenth.body().path("error").path("decline_code").asString()).isEqualTo("blocked");
        JsonNode blocked = payment(tenth);
        assertThat(blocked.path("status").asString()).isEqualTo("failed");
        assertThat(blocked.path("failure_code").asString()).isEqualTo("blocked");
        assertThat(blocked.path("provider_reference").isNull()).isTrue();
        assertThat(blocked.path("outcome").path("action").asString()).isEqualTo("block");
        assertThat(blocked.path("outcome").path("rule").asString()).isEqualTo("default:block-ip-many-cards");
        // one signal alone never reaches the highest level: the rule, not the score, refuses a tester
        // 5 + 40 for ten cards from the address + 8 for the BIN's nine declines this hour
        assertThat(blocked.path("outcome").path("risk_score").asInt()).isEqualTo(53);
        assertThat(blocked.path("outcome").path("reasons").toString()).contains("bin_declines_1h:+8");
        assertThat(blocked.path("outcome").path("risk_level").asString()).isEqualTo("normal");
        assertThat(simulator.authorizationsFor(blocked.path("id").asString())).as("no provider was called").isEmpty();
        for (String id : reached) {
            assertThat(simulator.authorizationsFor(id)).as("payment %s reached the provider", id).hasSize(1);
        }
        // the blocked payment's event carries its outcome, in the published schema
        JsonNode failed = api.get("/v1/events?type=payment.failed&limit=10").body().path("data").path(0);
        assertThat(failed.path("data").path("object").path("outcome").path("rule").asString())
                .isEqualTo("default:block-ip-many-cards");
        assertThat(EventSchemas.validate(failed).isSuccess()).as(EventSchemas.validate(failed).toString()).isTrue();
        // the same tester's next card too; a customer on another address is not touched
        assertThat(pay(api, 100, testCard(11), from("203.0.113.9")).body().path("error").path("decline_code").asString())
                .isEqualTo("blocked");
        ApiClient.Response customer = pay(api, 2500, customerCard(12), from("198.51.100.20"));
        assertThat(customer.status()).isEqualTo(200);
        assertThat(customer.body().path("outcome").path("risk_level").asString()).isEqualTo("normal");
    }

    @Test
    void a_burst_from_one_address_cannot_slip_past_the_threshold_together() throws Exception {
        assertThat(api.post("/v1/risk/rules", "{\"rules\": [{\"id\": \"ten-cards\", \"action\": \"block\", "
                + "\"condition\": \":ip_distinct_cards_1h: >= 10\"}]}").status()).isEqualTo(200);
        // the attempts of one address queue on its minute's row; at a minute's edge two rows would be locked: keep clear
        long intoMinute = java.time.Instant.now().getEpochSecond() % 60;
        if (intoMinute > 50) {
            Thread.sleep((62 - intoMinute) * 1000);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(20);
        List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
        for (int card = 1; card <= 20; card++) {
            int n = card;
            answers.add(pool.submit(() -> pay(api, 100, customerCard(500 + n), from("203.0.113.250")).status()));
        }
        long approved = 0;
        for (java.util.concurrent.Future<Integer> answer : answers) {
            approved += answer.get() == 200 ? 1 : 0;
        }
        pool.shutdown();
        assertThat(approved).as("twenty cards at once from one address: only the first nine pass").isEqualTo(9);
    }

    @Test
    void many_customers_behind_one_address_are_not_taken_for_a_tester() {
        // a mobile carrier's NAT: a dozen customers' cards from one address within the hour, approved by their issuers
        for (int card = 1; card <= 12; card++) {
            ApiClient.Response answer = pay(api, 2_000, customerCard(100 + card), from("100.64.0.7"));
            assertThat(answer.status()).as("card %d: %s", card, answer.body()).isEqualTo(200);
        }
        JsonNode last = api.get("/v1/payments?limit=1").body().path("data").path(0);
        assertThat(last.path("outcome").path("action").asString()).isEqualTo("allow");
        assertThat(last.path("outcome").path("reasons").toString()).as("scored, not blocked").contains("ip_distinct_cards_1h:+40");
    }

    @Test
    void a_card_declined_five_times_is_blocked_at_its_sixth_attempt() {
        for (int attempt = 1; attempt <= 5; attempt++) {
            ApiClient.Response declined = pay(api, 500, "4000000000000002", null);
            assertThat(declined.status()).as(declined.body().toString()).isEqualTo(402);
            assertThat(declined.body().path("error").path("decline_code").asString()).isEqualTo("do_not_honor");
        }
        ApiClient.Response sixth = pay(api, 500, "4000000000000002", null);
        assertThat(sixth.body().path("error").path("decline_code").asString()).isEqualTo("blocked");
        JsonNode blocked = payment(sixth);
        assertThat(blocked.path("outcome").path("rule").asString()).isEqualTo("default:block-card-declined-repeatedly");
        assertThat(blocked.path("outcome").path("reasons").toString()).contains("card_declines_24h:+36");
        assertThat(simulator.authorizationsFor(blocked.path("id").asString())).isEmpty();
        // another merchant has never seen the card decline
        ApiClient other = newMerchantClient("Other risk merchant");
        assertThat(pay(other, 500, "4000000000000002", null).body().path("error").path("decline_code").asString())
                .isEqualTo("do_not_honor");
    }

    @Test
    void rules_and_lists_decide_in_their_fixed_order_and_only_for_their_merchant() {
        ApiClient.Response saved = api.post("/v1/risk/rules", "{\"rules\": ["
                + "{\"id\": \"review-large\", \"action\": \"review\", \"condition\": \":amount_in_usd: >= 70\"},"
                + "{\"id\": \"block-huge\", \"action\": \"block\", \"condition\": \":amount_in_usd: > 90\"},"
                + "{\"id\": \"try-gb\", \"action\": \"block\", \"condition\": \":billing_country: = 'GB'\", \"log_only\": true},"
                + "{\"id\": \"vip\", \"action\": \"allow\", \"condition\": \":email_domain: = 'vip.example'\"},"
                + "{\"id\": \"authenticate-first-large\", \"action\": \"request_three_d_secure\", \"condition\": "
                + "\":amount_in_usd: >= 50 and :is_first_use_of_card: = true\"}]}");
        assertThat(saved.status()).as(saved.body().toString()).isEqualTo(200);

        // block beats review; a log-only rule is recorded and changes nothing
        ApiClient.Response huge = pay(api, 9500, VISA, "{\"billing_country\": \"gb\"}");
        JsonNode blocked = payment(huge);
        assertThat(blocked.path("outcome").path("rule").asString()).isEqualTo("block-huge");
        assertThat(blocked.path("outcome").path("rule_set_version").asInt()).isEqualTo(1);
        assertThat(blocked.path("outcome").path("logged_only_rules").toString()).isEqualTo("[\"try-gb\"]");
        // an allow rule lets the same payment past every block and review
        ApiClient.Response vip = pay(api, 9500, VISA, "{\"email\": \"Ceo@VIP.example\"}");
        assertThat(vip.text("status")).isEqualTo("succeeded");
        assertThat(vip.body().path("outcome").path("rule").asString()).isEqualTo("vip");
        // a block-list entry beats the allow rule? no: allow is read first, list entries with their kind
        String entry = api.post("/v1/risk/lists", "{\"kind\": \"block\", \"type\": \"ip_address\", \"value\": \"192.0.2.0/24\"}")
                .text("id");
        ApiClient.Response listed = pay(api, 1000, VISA, from("192.0.2.77"));
        assertThat(listed.status()).isEqualTo(402);
        assertThat(payment(listed).path("outcome").path("list_entry").asString()).isEqualTo(entry);
        // an allow entry beats the block entry
        api.post("/v1/risk/lists", "{\"kind\": \"allow\", \"type\": \"email\", \"value\": \"regular@shop.example\"}");
        assertThat(pay(api, 1000, VISA, "{\"ip_address\": \"192.0.2.77\", \"email\": \"regular@shop.example\"}").status())
                .isEqualTo(200);
        // removed, the entry blocks no more
        assertThat(api.delete("/v1/risk/lists/" + entry).status()).isEqualTo(200);
        assertThat(pay(api, 1000, VISA, from("192.0.2.77")).status()).isEqualTo(200);

        // the other merchant runs Payrail's defaults: none of this merchant's rules or lists
        ApiClient other = newMerchantClient("Risk-free merchant");
        ApiClient.Response elsewhere = pay(other, 9500, VISA, from("192.0.2.77"));
        assertThat(elsewhere.text("status")).isEqualTo("succeeded");
        assertThat(elsewhere.body().path("outcome").path("rule_set_version").asInt()).isZero();
    }

    @Test
    void a_review_holds_the_authorization_uncaptured_and_a_3ds_rule_asks_the_issuer() {
        api.post("/v1/risk/rules", "{\"rules\": ["
                + "{\"id\": \"review-large\", \"action\": \"review\", \"condition\": \":amount_in_usd: >= 70\"},"
                + "{\"id\": \"authenticate-gb\", \"action\": \"request_three_d_secure\", \"condition\": \":billing_country: = 'GB'\"}]}");
        ApiClient.Response held = pay(api, 7500, VISA, null);
        assertThat(held.text("status")).as("authorized, not captured, though capture_method is automatic")
                .isEqualTo("requires_capture");
        assertThat(held.body().path("capture_method").asString()).isEqualTo("automatic");
        assertThat(held.body().path("outcome").path("action").asString()).isEqualTo("review");
        assertThat(held.body().path("outcome").path("rule").asString()).isEqualTo("review-large");

        ApiClient.Response authenticate = pay(api, 1000, VISA, "{\"billing_country\": \"GB\"}");
        assertThat(authenticate.body().path("payment_method_options").path("card").path("request_three_d_secure").asString())
                .isEqualTo("any");
        assertThat(authenticate.body().path("payment_method_details").path("card").path("three_d_secure").path("version")
                .asString()).as("authenticated (frictionless for this card)").startsWith("2.");
        assertThat(authenticate.body().path("outcome").path("three_d_secure_rule").asString()).isEqualTo("authenticate-gb");
    }

    @Test
    void customer_details_are_checked_and_a_refusal_stores_nothing() {
        long before = jdbc.sql("select count(*) from payments where merchant_id = ?").param(merchantId).query(Long.class).single();
        ApiClient.Response host = pay(api, 1000, VISA, "{\"ip_address\": \"shop.example\"}");
        assertThat(host.status()).isEqualTo(400);
        assertThat(host.body().path("error").path("param").asString()).isEqualTo("customer_details.ip_address");
        ApiClient.Response country = pay(api, 1000, VISA, "{\"billing_country\": \"Germany\"}");
        assertThat(country.body().path("error").path("param").asString()).isEqualTo("customer_details.billing_country");
        ApiClient.Response unknown = pay(api, 1000, VISA, "{\"shoe_size\": 44}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(jdbc.sql("select count(*) from payments where merchant_id = ?").param(merchantId).query(Long.class).single())
                .isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from risk_velocity where merchant_id = ?").param(merchantId).query(Long.class).single())
                .as("nothing counted for a refused request").isZero();
    }
}
