package dev.payrail.server.customers;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Customers and the payment methods saved to them, through the API, against the real database and vault. */
class CustomersTest extends ApiTest {

    @Test
    void a_customer_is_created_retrieved_updated_and_listed_by_email_page_by_page() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ApiClient.Response created = api.post("/v1/customers", "{\"email\": \"Shared@Example.com\", \"name\": \"Customer " + i
                    + "\", \"metadata\": {\"crm\": \"" + i + "\"}}", "customer-" + i + "-" + merchantId);
            assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
            assertThat(created.text("id")).startsWith("cus_");
            ids.add(0, created.text("id"));
        }
        api.post("/v1/customers", "{\"email\": \"other@example.com\"}");
        // the same key answers the same customer, and creates no sixth one with that email
        assertThat(api.post("/v1/customers", "{\"email\": \"Shared@Example.com\", \"name\": \"Customer 4\", \"metadata\": "
                + "{\"crm\": \"4\"}}", "customer-4-" + merchantId).text("id")).isEqualTo(ids.get(0));

        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/v1/customers?email=shared@example.com&limit=2"
                    + (cursor == null ? "" : "&starting_after=" + cursor)).body();
            page.path("data").forEach(c -> paged.add(c.path("id").asString()));
            cursor = page.path("has_more").asBoolean() ? paged.get(paged.size() - 1) : null;
        } while (cursor != null);
        assertThat(paged).as("newest first, each once, the other email left out").isEqualTo(ids);

        ApiClient.Response updated = api.post("/v1/customers/" + ids.get(1), "{\"name\": \"Jenny Rosen\", \"phone\": \"+31 20 123 4567\"}");
        assertThat(updated.text("name")).isEqualTo("Jenny Rosen");
        assertThat(updated.text("email")).as("absent fields keep their value").isEqualTo("Shared@Example.com");
        assertThat(api.get("/v1/customers/" + ids.get(1)).body().path("metadata").path("crm").asString()).isEqualTo("3");
        assertThat(types()).contains("customer.created", "customer.updated");
    }

    @Test
    void the_same_card_saved_twice_shows_the_same_fingerprint_and_a_default_must_be_saved_to_the_customer() {
        String customer = api.post("/v1/customers", "{\"email\": \"pat@example.com\"}").text("id");
        String first = tokenize("4242424242424242");
        String second = tokenize("4242424242424242");
        String other = tokenize("5555555555554444");
        for (String pm : List.of(first, second, other)) {
            ApiClient.Response attached = api.post("/v1/payment_methods/" + pm + "/attach", "{\"customer\": \"" + customer + "\"}");
            assertThat(attached.status()).as(attached.body().toString()).isEqualTo(200);
            assertThat(attached.text("saved_for")).as("saved by the merchant, not consented to off-session use")
                    .isEqualTo("on_session");
        }
        JsonNode saved = api.get("/v1/customers/" + customer + "/payment_methods").body().path("data");
        assertThat(saved).hasSize(3);
        List<String> fingerprints = saved.findValues("fingerprint").stream().map(JsonNode::asString).toList();
        assertThat(fingerprints.stream().distinct()).hasSize(2);
        assertThat(fingerprint(first)).isEqualTo(fingerprint(second)).isNotEqualTo(fingerprint(other));

        String stranger = api.post("/v1/customers", "{}").text("id");
        ApiClient.Response elsewhere = api.post("/v1/payment_methods/" + first + "/attach", "{\"customer\": \"" + stranger + "\"}");
        assertThat(elsewhere.status()).isEqualTo(409);
        assertThat(elsewhere.errorCode()).isEqualTo("payment_method_attached_elsewhere");
        ApiClient.Response notTheirs = api.post("/v1/customers/" + stranger, "{\"default_payment_method\": \"" + first + "\"}");
        assertThat(notTheirs.status()).isEqualTo(400);
        assertThat(notTheirs.body().path("error").path("param").asString()).isEqualTo("default_payment_method");

        ApiClient.Response withDefault = api.post("/v1/customers/" + customer, "{\"default_payment_method\": \"" + other + "\"}");
        assertThat(withDefault.text("default_payment_method")).isEqualTo(other);
        // detaching the default clears it: the customer never points at a card that cannot pay
        assertThat(api.post("/v1/payment_methods/" + other + "/detach", "{}").body().path("detached").asBoolean()).isTrue();
        assertThat(api.get("/v1/customers/" + customer).body().path("default_payment_method").isNull()).isTrue();
        assertThat(vaultRecords(other)).isZero();
        assertThat(api.get("/v1/customers/" + customer + "/payment_methods").body().path("data")).hasSize(2);
    }

    @Test
    void deleting_a_customer_detaches_its_cards_destroys_their_vault_records_and_erases_its_details() {
        String customer = api.post("/v1/customers", "{\"email\": \"leaving@example.com\", \"name\": \"Leaving\"}").text("id");
        String card = tokenize("4242424242424242");
        String kept = tokenize("4000056655665556");
        api.post("/v1/payment_methods/" + card + "/attach", "{\"customer\": \"" + customer + "\"}");
        api.post("/v1/customers/" + customer, "{\"default_payment_method\": \"" + card + "\"}");
        String paid = api.post("/v1/payments", "{\"amount\": 500, \"currency\": \"usd\", \"confirm\": true, \"customer\": \""
                + customer + "\", \"payment_method\": \"" + card + "\"}").text("id");
        assertThat(vaultRecords(card)).isEqualTo(1);

        ApiClient.Response deleted = api.delete("/v1/customers/" + customer);
        assertThat(deleted.status()).as(deleted.body().toString()).isEqualTo(200);
        assertThat(deleted.body().path("deleted").asBoolean()).isTrue();
        assertThat(deleted.number("payment_methods_detached")).isEqualTo(1);
        assertThat(vaultRecords(card)).as("the card number is gone from the vault").isZero();
        assertThat(vaultRecords(kept)).as("a card saved to nobody is untouched").isEqualTo(1);
        assertThat(jdbc.sql("select email is null and name is null from customers where id = ?").param(customer)
                .query(Boolean.class).single()).isTrue();
        assertThat(api.get("/v1/customers/" + customer).body().path("deleted").asBoolean()).isTrue();
        assertThat(api.delete("/v1/customers/" + customer).status()).as("deleting again changes nothing").isEqualTo(200);
        assertThat(types()).containsOnlyOnce("customer.deleted", "payment_method.detached");
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'vault.destroy' and object_id = ?").param(card)
                .query(Long.class).single()).isEqualTo(1);

        // the payment made with it stays readable; the card cannot pay again; the customer can pay for nothing more
        assertThat(api.get("/v1/payments/" + paid).body().path("payment_method_details").path("card").path("last4").asString())
                .isEqualTo("4242");
        ApiClient.Response again = api.post("/v1/payments", "{\"amount\": 500, \"currency\": \"usd\", \"confirm\": true, "
                + "\"payment_method\": \"" + card + "\"}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.errorCode()).isEqualTo("payment_method_detached");
        ApiClient.Response forNobody = api.post("/v1/payments", "{\"amount\": 500, \"currency\": \"usd\", \"confirm\": true, "
                + "\"customer\": \"" + customer + "\", \"payment_method\": \"" + kept + "\"}");
        assertThat(forNobody.status()).isEqualTo(400);
        assertThat(forNobody.errorCode()).isEqualTo("customer_deleted");
        assertThat(api.get("/v1/customers?limit=100").body().path("data").findValues("id").stream().map(JsonNode::asString))
                .doesNotContain(customer);
    }

    @Test
    void bad_customer_input_is_refused_and_stores_nothing() {
        assertThat(api.post("/v1/customers", "{\"email\": \"not an email\"}").errorCode()).isEqualTo("email_invalid");
        assertThat(api.post("/v1/customers", "{\"name\": \"4242 4242 4242 4242\"}").errorCode())
                .isEqualTo("parameter_contains_card_number");
        assertThat(api.post("/v1/customers", "{\"phone\": \"call me\"}").errorCode()).isEqualTo("phone_invalid");
        assertThat(api.post("/v1/customers", "{\"shoe_size\": 42}").errorCode()).isEqualTo("parameter_unknown");
        assertThat(api.post("/v1/customers", "{\"default_payment_method\": \"pm_x\"}").status()).isEqualTo(400);
        assertThat(api.get("/v1/customers/cus_nope").status()).isEqualTo(404);
        assertThat(api.post("/v1/payment_methods/pm_nope/attach", "{\"customer\": \"cus_nope\"}").status()).isEqualTo(404);
        assertThat(count("customers")).isZero();
    }

    private String tokenize(String number) {
        return api.post("/v1/payment_methods", "{\"card\": " + card(number) + "}").text("id");
    }

    private String fingerprint(String paymentMethod) {
        return api.get("/v1/payment_methods/" + paymentMethod).body().path("card").path("fingerprint").asString();
    }

    private long vaultRecords(String paymentMethod) {
        return jdbc.sql("select count(*) from vault_cards where payment_method_id = ?").param(paymentMethod)
                .query(Long.class).single();
    }

    private List<String> types() {
        return jdbc.sql("select type from payment_events where merchant_id = ? and payment_id is null order by seq")
                .param(merchantId).query(String.class).list();
    }
}
