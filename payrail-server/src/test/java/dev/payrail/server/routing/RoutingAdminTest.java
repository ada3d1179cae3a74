package dev.payrail.server.routing;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingAdminTest extends ApiTest {
    private static final String FRENCH_VISA = "4000002500000003";

    private ApiClient admin() {
        return new ApiClient(baseUrl(), ADMIN_TOKEN);
    }

    @Test
    void rules_change_at_runtime_and_match_on_card_country_and_currency() {
        ApiClient.Response set = admin().post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"fr-" + merchantId
                + "\", \"priority\": 5, \"merchants\": [\"" + merchantId + "\"], \"countries\": [\"fr\"],"
                + " \"targets\": [{\"provider\": \"adyen\", \"weight\": 1}]}, {\"id\": \"eur-" + merchantId
                + "\", \"priority\": 6, \"merchants\": [\"" + merchantId + "\"], \"currencies\": [\"eur\"],"
                + " \"targets\": [{\"provider\": \"stripe\", \"weight\": 1}]}]}");
        assertThat(set.status()).isEqualTo(200);

        ApiClient.Response french = api.post("/v1/payments", payment(1000, "usd", "automatic", FRENCH_VISA));
        ApiClient.Response euro = api.post("/v1/payments", payment(1000, "eur", "automatic", VISA));
        ApiClient.Response other = api.post("/v1/payments", payment(1000, "usd", "automatic", VISA));

        assertThat(french.text("provider")).isEqualTo("adyen");
        assertThat(french.text("routing_rule")).isEqualTo("fr-" + merchantId);
        assertThat(euro.text("provider")).isEqualTo("stripe");
        assertThat(other.text("routing_rule")).isEqualTo("default");
        assertThat(other.text("provider")).isEqualTo("simulator");
        assertThat(admin().get("/v1/admin/routing_rules").body().path("data").toString()).contains("fr-" + merchantId);
    }

    @Test
    void a_rule_naming_an_unknown_provider_is_refused_and_the_old_rules_stay() {
        admin().post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"keep-" + merchantId + "\", \"merchants\": [\""
                + merchantId + "\"], \"targets\": [{\"provider\": \"stripe\", \"weight\": 1}]}]}");

        ApiClient.Response refused = admin().post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"x\","
                + " \"targets\": [{\"provider\": \"paypal\", \"weight\": 1}]}]}");
        ApiClient.Response negative = admin().post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"y\","
                + " \"targets\": [{\"provider\": \"stripe\", \"weight\": -1}]}]}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("provider_unknown");
        assertThat(negative.errorCode()).isEqualTo("rule_invalid");
        assertThat(admin().get("/v1/admin/routing_rules").body().path("data").toString()).contains("keep-" + merchantId);
        ApiClient.Response byMerchant = api.post("/v1/admin/routing_rules", "{\"rules\": []}");
        assertThat(byMerchant.status()).as("merchant keys are not admin: an operator token is needed").isEqualTo(403);
        assertThat(byMerchant.errorCode()).isEqualTo("operator_token_required");
        assertThat(admin().get("/v1/admin/routing_rules").body().path("data").toString()).as("and nothing changed")
                .contains("keep-" + merchantId);
    }

    @Test
    void a_disabled_provider_gets_no_new_authorizations_but_still_captures_its_own() {
        admin().post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"kill-" + merchantId + "\", \"merchants\": [\""
                + merchantId + "\"], \"targets\": [{\"provider\": \"stripe\", \"weight\": 1}, {\"provider\": \"adyen\", \"weight\": 0}]}]}");
        String held = api.post("/v1/payments", payment(5000, "usd", "manual", VISA)).text("id");
        try {
            assertThat(admin().post("/v1/admin/providers/stripe/disable", "{\"reason\": \"incident 42\"}").status()).isEqualTo(200);

            ApiClient.Response rerouted = api.post("/v1/payments", payment(1000, "usd", "automatic", VISA));
            ApiClient.Response captured = api.post("/v1/payments/" + held + "/capture", "{}");

            assertThat(rerouted.text("provider")).isEqualTo("adyen");
            assertThat(captured.text("status")).isEqualTo("succeeded");
            assertThat(captured.text("provider")).isEqualTo("stripe");
            assertThat(admin().get("/v1/admin/providers").body().path("data").toString())
                    .contains("\"name\":\"stripe\"").contains("\"enabled\":false");
        } finally {
            admin().post("/v1/admin/providers/stripe/enable", "{}");
        }
        assertThat(api.post("/v1/payments", payment(1000, "usd", "automatic", VISA)).text("provider")).isEqualTo("stripe");
    }
}
