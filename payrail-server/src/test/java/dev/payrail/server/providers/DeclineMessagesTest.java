package dev.payrail.server.providers;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A decline reads the same whichever provider answered: Payrail's code and one customer-safe message per code;
 * the provider's own code is kept beside it (the error's provider_decline_code, the timeline's attempt).
 */
class DeclineMessagesTest extends ApiTest {

    @Test
    void the_same_decline_reads_alike_on_every_provider_with_the_providers_own_code_beside_it() {
        Set<String> providerCodes = new HashSet<>();
        for (String provider : PROVIDERS) {
            route(provider);
            for (String[] card : new String[][]{{"4000000000000002", "do_not_honor", "The card was declined."},
                    {"4000000000009995", "insufficient_funds", "The card has insufficient funds."},
                    {"4000000000009979", provider.equals("adyen") ? "blocked_card" : "stolen_card", "The card was declined."}}) {
                ApiClient.Response declined = api.post("/v1/payments", payment(1000, "usd", "automatic", card[0]));
                JsonNode error = declined.body().path("error");
                assertThat(declined.status()).isEqualTo(402);
                assertThat(error.path("decline_code").asString()).as(provider).isEqualTo(card[1]);
                assertThat(error.path("message").asString()).as(provider).isEqualTo(card[2]);
                assertThat(error.path("provider_decline_code").asString()).as(provider).isNotBlank();
                providerCodes.add(error.path("provider_decline_code").asString());

                JsonNode payment = api.get("/v1/payments/" + error.path("payment").asString()).body();
                assertThat(payment.path("provider").asString()).isEqualTo(provider);
                assertThat(payment.path("failure_code").asString()).isEqualTo(card[1]);
                assertThat(payment.path("failure_message").asString()).isEqualTo(card[2]);
                JsonNode attempt = null;
                for (JsonNode entry : api.get("/v1/payments/" + payment.path("id").asString() + "/events").body().path("data")) {
                    if ("payment.provider_attempt".equals(entry.path("type").asString())) {
                        attempt = entry;
                    }
                }
                assertThat(attempt).isNotNull();
                assertThat(attempt.path("data").path("provider_code").asString())
                        .isEqualTo(error.path("provider_decline_code").asString());
            }
        }
        assertThat(providerCodes).as("Adyen's own codes are not Payrail's").contains("refusalReasonCode 2", "refusalReasonCode 12");
    }

    private void route(String provider) {
        ApiClient.Response set = api.as(ADMIN_TOKEN).post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"declines-" + merchantId
                + "\", \"priority\": 1, \"merchants\": [\"" + merchantId + "\"], \"targets\": [{\"provider\": \"" + provider
                + "\", \"weight\": 1}]}]}");
        assertThat(set.status()).as(set.body().toString()).isEqualTo(200);
    }
}
