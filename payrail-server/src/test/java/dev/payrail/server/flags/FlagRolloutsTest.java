package dev.payrail.server.flags;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three rollouts the flags drive, end to end over HTTP against the simulators: risk enforcement versus log-only
 * per merchant, 3-D Secure enforcement per merchant (merchant-initiated payments exempt), and a new Stripe adapter
 * version (API 2022-11-15) canaried on a share of Stripe's operations. A test that sets a rollout or a default puts
 * it back: flags are shared by every test of the run.
 */
class FlagRolloutsTest extends ApiTest {
    private static final String FRICTIONLESS = "4000000000003238";

    private ApiClient admin() {
        return new ApiClient(baseUrl(), ADMIN_TOKEN);
    }

    private void setFlag(String flag, String change) {
        ApiClient.Response set = admin().post("/v1/admin/flags/" + flag, change, "flag-" + UUID.randomUUID());
        assertThat(set.status()).as(set.body().toString()).isEqualTo(200);
    }

    @AfterEach
    void putBackRollouts() {
        setFlag("providers.stripe.api_version", "{\"rollout\": null}");
        setFlag("risk.enforcement", "{\"rollout\": null}");
    }

    private ApiClient.Response pay(ApiClient client, long amount, String number) {
        return client.post("/v1/payments", "{\"amount\": " + amount + ", \"currency\": \"usd\", \"confirm\": true, \"card\": "
                + card(number) + "}", "pay-" + UUID.randomUUID());
    }

    @Test
    void log_only_evaluates_and_records_a_merchants_rules_and_blocks_nothing_until_enforced() {
        routeMerchantTo("simulator");
        String rules = "{\"rules\": [{\"id\": \"no-big-tickets\", \"action\": \"block\", \"condition\": \":amount: > 5000\"}]}";
        assertThat(api.post("/v1/risk/rules", rules).status()).isEqualTo(200);
        String logOnlyMerchant = merchantId;
        ApiClient logOnly = api;
        ApiClient enforced = newMerchantClient("Enforced merchant");
        routeMerchantTo("simulator");
        assertThat(enforced.post("/v1/risk/rules", rules).status()).isEqualTo(200);

        setFlag("risk.enforcement", "{\"merchants\": {\"" + logOnlyMerchant + "\": \"log_only\"}}");
        ApiClient.Response allowed = pay(logOnly, 6000, VISA);
        assertThat(allowed.status()).as(allowed.body().toString()).isEqualTo(200);
        assertThat(allowed.text("status")).isEqualTo("succeeded");
        JsonNode outcome = allowed.body().path("outcome");
        assertThat(outcome.path("enforced").asBoolean(true)).isFalse();
        assertThat(outcome.path("action").asString()).isEqualTo("allow");
        assertThat(outcome.path("rule").isNull()).isTrue();
        assertThat(outcome.path("logged_only_rules").toString()).as("what would have blocked is recorded").contains("no-big-tickets");
        assertThat(simulator.authorizationsFor(allowed.text("id"))).as("the provider was called").hasSize(1);

        ApiClient.Response blocked = pay(enforced, 6000, VISA);
        assertThat(blocked.status()).as("the other merchant's rules still decide").isEqualTo(402);
        assertThat(blocked.body().path("error").path("decline_code").asString()).isEqualTo("blocked");

        // a rollout to every merchant, then back: the enforced merchant follows it, the pinned one stays log-only
        setFlag("risk.enforcement", "{\"rollout\": {\"variant\": \"log_only\", \"percent\": 100}}");
        assertThat(pay(enforced, 6000, VISA).status()).isEqualTo(200);
        setFlag("risk.enforcement", "{\"rollout\": null}");
        assertThat(pay(enforced, 6000, VISA).status()).isEqualTo(402);
        assertThat(pay(logOnly, 6000, VISA).status()).isEqualTo(200);

        // enforcing the pinned merchant again: its rule blocks
        setFlag("risk.enforcement", "{\"merchants\": {\"" + logOnlyMerchant + "\": \"enforce\"}}");
        ApiClient.Response nowBlocked = pay(logOnly, 6000, VISA);
        assertThat(nowBlocked.status()).isEqualTo(402);
        JsonNode refused = logOnly.get("/v1/payments/" + nowBlocked.body().path("error").path("payment").asString()).body();
        assertThat(refused.path("outcome").path("enforced").asBoolean(false)).isTrue();
        assertThat(refused.path("outcome").path("rule").asString()).isEqualTo("no-big-tickets");
    }

    @Test
    void three_d_secure_enforcement_authenticates_every_customer_initiated_card_payment_of_the_merchants_it_is_on_for() {
        routeMerchantTo("simulator");
        String customer = api.post("/v1/customers", "{\"email\": \"sca@example.com\"}").text("id");
        // saved before the flag is on: the first payment of the series, authenticated only if the issuer asks (it does not)
        ApiClient.Response saving = api.post("/v1/payments", "{\"amount\": 1000, \"currency\": \"eur\", \"confirm\": true, "
                + "\"customer\": \"" + customer + "\", \"setup_future_usage\": \"off_session\", \"card\": " + card(VISA) + "}");
        assertThat(saving.status()).as(saving.body().toString()).isEqualTo(200);
        assertThat(saving.body().path("payment_method_details").path("card").path("three_d_secure").isNull()).isTrue();
        String savedCard = saving.text("payment_method");

        setFlag("three_d_secure.enforce", "{\"merchants\": {\"" + merchantId + "\": \"on\"}}");
        ApiClient.Response authenticated = pay(api, 1500, VISA);
        assertThat(authenticated.status()).as(authenticated.body().toString()).isEqualTo(200);
        assertThat(authenticated.body().path("payment_method_options").path("card").path("request_three_d_secure").asString())
                .isEqualTo("any");
        JsonNode secure = authenticated.body().path("payment_method_details").path("card").path("three_d_secure");
        assertThat(secure.path("result").asString()).as(secure.toString()).isEqualTo("authenticated");
        assertThat(secure.path("liability_shift").asBoolean()).isTrue();

        // merchant-initiated: the customer is not there, so it is exempt
        ApiClient.Response offSession = api.post("/v1/payments", "{\"amount\": 1200, \"currency\": \"eur\", \"confirm\": true, "
                + "\"off_session\": true, \"customer\": \"" + customer + "\", \"payment_method\": \"" + savedCard + "\"}");
        assertThat(offSession.status()).as(offSession.body().toString()).isEqualTo(200);
        assertThat(offSession.body().path("payment_method_options").path("card").path("request_three_d_secure").asString())
                .isEqualTo("automatic");
        assertThat(offSession.body().path("payment_method_details").path("card").path("three_d_secure").isNull()).isTrue();

        // another merchant, the flag off: no authentication unless asked
        ApiClient other = newMerchantClient("Not yet enforced");
        routeMerchantTo("simulator");
        ApiClient.Response plain = pay(other, 1500, VISA);
        assertThat(plain.body().path("payment_method_details").path("card").path("three_d_secure").isNull()).isTrue();
    }

    @Test
    void a_new_stripe_adapter_version_takes_its_share_of_operations_and_every_payment_reads_alike() {
        routeMerchantTo("stripe");
        ApiClient stripeSim = new ApiClient(providerEndpoints.get("stripe").baseUrl(), null);
        JsonNode before = stripeSim.get("/sim/stripe/api_versions").body().path("api_versions");

        setFlag("providers.stripe.api_version", "{\"rollout\": {\"variant\": \"2022-11-15\", \"percent\": 50}}");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            ApiClient.Response paid = pay(api, 1000 + i, FRICTIONLESS);
            assertThat(paid.status()).as(paid.body().toString()).isEqualTo(200);
            JsonNode card = paid.body().path("payment_method_details").path("card");
            // read from 2020-08-27's charges list or 2022-11-15's expanded latest_charge: the same either way
            assertThat(card.path("three_d_secure").path("result").asString()).as(paid.body().toString()).isEqualTo("authenticated");
            assertThat(card.path("network_transaction_id").asString()).isNotBlank();
            ids.add(paid.text("id"));
        }
        JsonNode after = stripeSim.get("/sim/stripe/api_versions").body().path("api_versions");
        long newVersion = after.path("2022-11-15").asLong() - before.path("2022-11-15").asLong(0);
        long oldVersion = after.path("2020-08-27").asLong() - before.path("2020-08-27").asLong(0);
        // each authorization is two requests (its PaymentMethod, then its PaymentIntent), both of one operation and so of
        // one version; 30 operations split by their bucket: each version gets some (all in one: 2 in a billion)
        assertThat(newVersion + oldVersion).isEqualTo(60);
        assertThat(newVersion).as("requests that spoke 2022-11-15").isBetween(2L, 58L);
        assertThat(newVersion % 2).as("an operation's two requests speak one version").isZero();
        assertThat(oldVersion % 2).isZero();

        // fully rolled out: every operation speaks the new version, captures and refunds included
        setFlag("providers.stripe.api_version", "{\"rollout\": {\"variant\": \"2022-11-15\", \"percent\": 100}}");
        JsonNode start = stripeSim.get("/sim/stripe/api_versions").body().path("api_versions");
        ApiClient.Response held = api.post("/v1/payments", payment(4000, "usd", "manual", FRICTIONLESS), "pay-" + UUID.randomUUID());
        assertThat(held.text("status")).isEqualTo("requires_capture");
        assertThat(api.post("/v1/payments/" + held.text("id") + "/capture", "{\"amount_to_capture\": 3000}").text("status"))
                .isEqualTo("succeeded");
        ApiClient.Response refund = api.post("/v1/refunds", "{\"payment\": \"" + held.text("id") + "\", \"amount\": 1000}");
        assertThat(refund.text("status")).as(refund.body().toString()).isEqualTo("succeeded");
        JsonNode end = stripeSim.get("/sim/stripe/api_versions").body().path("api_versions");
        // the authorization's two requests, the capture, the refund
        assertThat(end.path("2022-11-15").asLong() - start.path("2022-11-15").asLong(0)).isEqualTo(4);
        assertThat(end.path("2020-08-27").asLong(0)).isEqualTo(start.path("2020-08-27").asLong(0));
        assertThat(admin().get("/v1/admin/providers").body().path("data").toString())
                .as("the providers page shows the default version while the rollout is on the flag").contains("2020-08-27");
        assertLedgerConsistent();
    }
}
