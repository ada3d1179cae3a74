package dev.payrail.server.customers;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The card networks' account updater: a saved card reissued by its issuer is replaced in the vault under the same
 * pm_ id, announced, and the next off-session payment is made with the new card, still citing the first payment.
 */
class AccountUpdaterTest extends ApiTest {
    /** Numbers no other test saves: the simulated network's reissues are of card numbers, shared by every merchant. */
    private static final String OLD = "4000056655665556";
    private static final String NEW = "4012888888881881";
    private static final String EXPIRY_ONLY = "4000002500003155";

    @Test
    void a_reissued_card_keeps_its_id_and_the_next_off_session_payment_uses_the_new_one() {
        routeMerchantTo("adyen");
        ApiClient admin = new ApiClient(baseUrl(), ADMIN_TOKEN);
        String customer = api.post("/v1/customers", "{\"email\": \"renewed@example.com\"}").text("id");
        String card = save(customer, OLD);
        String expiring = save(customer, EXPIRY_ONLY);
        byte[] sealedBefore = sealed(card);

        simulator.reissue(OLD, NEW, 9, 2031);
        simulator.reissue(EXPIRY_ONLY, null, 4, 2032);
        ApiClient.Response run = admin.post("/v1/admin/account_updater/run", "{}");
        assertThat(run.status()).as(run.body().toString()).isEqualTo(200);
        assertThat(run.number("updated")).isGreaterThanOrEqualTo(2);

        JsonNode renewed = api.get("/v1/payment_methods/" + card).body();
        assertThat(renewed.path("card").path("last4").asString()).isEqualTo("1881");
        assertThat(renewed.path("card").path("exp_year").intValue()).isEqualTo(2031);
        assertThat(renewed.path("customer").asString()).as("still saved, same id").isEqualTo(customer);
        assertThat(Arrays.equals(sealed(card), sealedBefore)).as("sealed again under a fresh data key").isFalse();
        JsonNode later = api.get("/v1/payment_methods/" + expiring).body().path("card");
        assertThat(later.path("last4").asString()).isEqualTo("3155");
        assertThat(later.path("exp_month").intValue()).isEqualTo(4);
        assertThat(later.path("exp_year").intValue()).isEqualTo(2032);
        assertThat(updatedEvents()).contains(card, expiring);
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'vault.update' and object_id = ?").param(card)
                .query(Long.class).single()).isEqualTo(1);

        ApiClient.Response charged = api.post("/v1/payments", SavedCardsTest.offSession(1800, customer, card));
        assertThat(charged.status()).as(charged.body().toString()).isEqualTo(200);
        assertThat(charged.body().path("payment_method_details").path("card").path("last4").asString()).isEqualTo("1881");
        assertThat(simulator.authorizationsFor(charged.text("id"))).singleElement()
                .satisfies(auth -> assertThat(auth.path("card").path("last4").asString()).isEqualTo("1881"));

        // told once: a second run changes nothing
        assertThat(admin.post("/v1/admin/account_updater/run", "{}").number("updated")).isZero();
        assertThat(api.get("/v1/payment_methods/" + card).body().path("card").path("last4").asString()).isEqualTo("1881");
    }

    private String save(String customer, String number) {
        ApiClient.Response paid = api.post("/v1/payments", "{\"amount\": 500, \"currency\": \"eur\", \"confirm\": true, "
                + "\"customer\": \"" + customer + "\", \"setup_future_usage\": \"off_session\", \"card\": " + card(number) + "}");
        assertThat(paid.text("status")).as(paid.body().toString()).isEqualTo("succeeded");
        return paid.text("payment_method");
    }

    private byte[] sealed(String paymentMethod) {
        return jdbc.sql("select ciphertext from vault_cards where payment_method_id = ?").param(paymentMethod)
                .query(byte[].class).single();
    }

    private List<String> updatedEvents() {
        return jdbc.sql("select object->>'id' from payment_events where merchant_id = ? and type = 'payment_method.updated'")
                .param(merchantId).query(String.class).list();
    }
}
