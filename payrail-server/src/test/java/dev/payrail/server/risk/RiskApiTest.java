package dev.payrail.server.risk;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /v1/risk/rules and /v1/risk/lists over HTTP: a rule set saved as a new version and every earlier one kept, every
 * mistake refused with its parameter and nothing stored, list entries normalized, removal kept in history, each
 * merchant's its own, every change audited.
 */
class RiskApiTest extends ApiTest {
    private static final String RULES = "{\"rules\": ["
            + "{\"id\": \"3ds-risky\", \"action\": \"request_three_d_secure\", \"condition\": \":risk_score: >= 75\"},"
            + "{\"id\": \"block-testers\", \"action\": \"block\", \"condition\": \":ip_distinct_cards_1h: >= 10\"},"
            + "{\"id\": \"try-review\", \"action\": \"review\", \"condition\": \":amount_in_usd: > 1000 and :card_country: != :ip_country:\", \"log_only\": true}]}";

    @Test
    void a_rule_set_is_saved_as_a_new_version_and_the_earlier_ones_are_kept() {
        JsonNode defaults = api.get("/v1/risk/rules").body();
        assertThat(defaults.path("version").asInt()).as("none saved yet").isZero();
        assertThat(defaults.path("rules").valueStream().map(r -> r.path("id").asString()).toList()).as("the default rules, which apply until a set is saved")
                .contains("default:block-ip-many-cards", "default:3ds-highest-risk");
        JsonNode first = api.post("/v1/risk/rules", RULES).body();
        assertThat(first.path("object").asString()).isEqualTo("risk_rule_set");
        assertThat(first.path("version").asInt()).isEqualTo(1);
        assertThat(first.path("rules")).hasSize(3);
        assertThat(first.path("rules").path(2).path("log_only").asBoolean()).isTrue();
        assertThat(first.path("rules").path(1).path("condition").asString()).isEqualTo(":ip_distinct_cards_1h: >= 10");

        JsonNode second = api.post("/v1/risk/rules", "{\"rules\": [{\"id\": \"block-all-big\", \"action\": \"block\", "
                + "\"condition\": \":amount: > 1000000\"}]}").body();
        assertThat(second.path("version").asInt()).isEqualTo(2);
        assertThat(api.get("/v1/risk/rules").body().path("rules")).hasSize(1);
        assertThat(api.get("/v1/risk/rules?version=1").body().path("rules")).hasSize(3);
        assertThat(api.get("/v1/risk/rules?version=3").status()).isEqualTo(404);

        // another merchant sees none of it
        ApiClient other = newMerchantClient("Other risk");
        assertThat(other.get("/v1/risk/rules").body().path("version").asInt()).isZero();
        assertThat(other.get("/v1/risk/rules?version=1").status()).isEqualTo(404);
    }

    @Test
    void a_wrong_rule_is_refused_with_its_parameter_and_where_and_nothing_is_stored() {
        ApiClient.Response unknown = api.post("/v1/risk/rules", "{\"rules\": [{\"id\": \"r1\", \"action\": \"block\", "
                + "\"condition\": \":amount: > 5 and :shoe_size: > 44\"}]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorCode()).isEqualTo("rule_invalid");
        assertThat(unknown.body().path("error").path("param").asString()).isEqualTo("rules[0].condition");
        assertThat(unknown.body().path("error").path("message").asString()).contains("Unknown attribute :shoe_size:", "character 18");

        assertRefused("{\"rules\": [{\"id\": \"r1\", \"action\": \"refund\", \"condition\": \":amount: > 5\"}]}", "rules[0].action");
        assertRefused("{\"rules\": [{\"id\": \"r1\", \"action\": \"block\", \"condition\": \":amount: > 5\"},"
                + "{\"id\": \"r1\", \"action\": \"review\", \"condition\": \":amount: > 9\"}]}", "rules[1].id");
        assertRefused("{\"rules\": [{\"id\": \"r1\", \"action\": \"block\", \"condition\": \":card_bin: = '4242424242424242'\"}]}",
                "rules[0].condition");
        assertRefused("{\"rules\": [{\"id\": \"r1\", \"action\": \"block\", \"condition\": \":amount: > 5\", \"when\": 1}]}",
                "rules[0].when");
        assertRefused("{\"rules\": {}}", "rules");
        assertThat(jdbc.sql("select count(*) from risk_rule_sets where merchant_id = ?").param(merchantId).query(Long.class).single())
                .as("nothing stored").isZero();
    }

    @Test
    void list_entries_are_normalized_listed_removed_and_audited_per_merchant() {
        JsonNode email = api.post("/v1/risk/lists", "{\"kind\": \"block\", \"type\": \"email\", \"value\": \" Fraud@Example.COM \", "
                + "\"description\": \"chargebacks in May\"}").body();
        assertThat(email.path("id").asString()).startsWith("rle_");
        assertThat(email.path("value").asString()).isEqualTo("fraud@example.com");
        JsonNode again = api.post("/v1/risk/lists", "{\"kind\": \"block\", \"type\": \"email\", \"value\": \"fraud@example.com\"}").body();
        assertThat(again.path("id").asString()).as("listed once").isEqualTo(email.path("id").asString());
        JsonNode range = api.post("/v1/risk/lists", "{\"kind\": \"block\", \"type\": \"ip_address\", \"value\": \"2001:DB8::/32\"}").body();
        assertThat(range.path("value").asString()).isEqualTo("2001:db8:0:0:0:0:0:0/32");
        api.post("/v1/risk/lists", "{\"kind\": \"allow\", \"type\": \"customer\", \"value\": \"cus_vip\"}");

        ApiClient.Response badIp = api.post("/v1/risk/lists", "{\"kind\": \"block\", \"type\": \"ip_address\", \"value\": \"evil.example\"}");
        assertThat(badIp.status()).isEqualTo(400);
        assertThat(badIp.body().path("error").path("param").asString()).isEqualTo("value");
        assertThat(api.post("/v1/risk/lists", "{\"kind\": \"deny\", \"type\": \"email\", \"value\": \"a@b.co\"}")
                .body().path("error").path("param").asString()).isEqualTo("kind");

        assertThat(api.get("/v1/risk/lists?kind=block").body().path("data")).hasSize(2);
        assertThat(api.get("/v1/risk/lists").body().path("data")).hasSize(3);
        ApiClient other = newMerchantClient("Other lists");
        assertThat(other.get("/v1/risk/lists").body().path("data")).isEmpty();
        assertThat(other.delete("/v1/risk/lists/" + email.path("id").asString()).status()).as("not its entry").isEqualTo(404);

        ApiClient.Response removed = api.delete("/v1/risk/lists/" + email.path("id").asString());
        assertThat(removed.body().path("deleted").asBoolean()).isTrue();
        assertThat(api.get("/v1/risk/lists?kind=block").body().path("data")).hasSize(1);
        assertThat(api.delete("/v1/risk/lists/" + email.path("id").asString()).status()).as("removed already").isEqualTo(404);
        assertThat(jdbc.sql("select deleted_at is not null from risk_list_entries where id = ?").param(email.path("id").asString())
                .query(Boolean.class).single()).as("kept in the history").isTrue();

        // every change is in the audit log, under the merchant's key
        // (this merchant's: the other client above is another merchant's, and merchantId now names it)
        String mine = jdbc.sql("select merchant_id from risk_list_entries where id = ?").param(email.path("id").asString())
                .query(String.class).single();
        java.util.List<String> audited = jdbc.sql("select action || ' ' || outcome from audit_log where actor like ? order by id")
                .param("merchant:" + mine + "/%").query(String.class).list();
        assertThat(audited).containsSubsequence("POST /v1/risk/lists succeeded", "POST /v1/risk/lists refused",
                "DELETE /v1/risk/lists/{id} succeeded", "DELETE /v1/risk/lists/{id} refused");
    }

    private void assertRefused(String body, String param) {
        ApiClient.Response refused = api.post("/v1/risk/rules", body);
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(400);
        assertThat(refused.body().path("error").path("param").asString()).isEqualTo(param);
    }
}
