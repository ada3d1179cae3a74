package dev.payrail.server.customers;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SEPA-Direct-Debit-like debits end to end over HTTP against the Stripe-shaped simulator: an IBAN tokenized into the
 * vault, the payer's mandate recorded, debits that stay processing until the payer's bank collects them and Stripe's
 * webhook says so, one refused, one collected and returned by the bank later (booked as a movement of its own), and
 * the ledger and the settlement reconciliation right throughout. The simulated bank takes seconds for what takes days.
 */
class BankDebitTest extends ApiTest {
    static final String COLLECTED = "DE89370400440532013000";
    static final String REFUSED = "DE62370400440532013001";
    static final String RETURNED = "DE35370400440532013002";

    @Test
    void a_mandate_then_debits_collected_refused_and_returned_with_the_ledger_and_reconciliation_right() throws Exception {
        routeMerchantTo("stripe");
        long startedAt = Instant.now().getEpochSecond() - 5;
        String customer = api.post("/v1/customers", "{\"email\": \"payer@example.com\", \"name\": \"Erika Mustermann\"}").text("id");

        String collected = debit(customer, mandated(customer, COLLECTED), 4500);
        String refused = debit(customer, mandated(customer, REFUSED), 3000);
        String returned = debit(customer, mandated(customer, RETURNED), 2000);

        ApiClient.Response paid = api.await("/v1/payments/" + collected, r -> "succeeded".equals(r.text("status")), Duration.ofSeconds(15));
        assertThat(paid.number("amount_received")).isEqualTo(4500);
        ApiClient.Response failed = api.await("/v1/payments/" + refused, r -> "failed".equals(r.text("status")), Duration.ofSeconds(15));
        assertThat(failed.text("failure_code")).isEqualTo("insufficient_funds");
        assertThat(failed.number("amount_received")).isZero();

        // weeks later (seconds here) the payer's bank takes the third back: a movement of its own, announced
        ApiClient.Response taken = api.await("/v1/payments/" + returned, r -> r.number("amount_returned") == 2000,
                Duration.ofSeconds(20));
        assertThat(taken.text("status")).isEqualTo("succeeded");
        assertThat(taken.text("return_reason")).isEqualTo("debit_not_authorized");
        assertThat(events(returned)).containsOnlyOnce("payment.succeeded", "payment.debit_returned");
        assertThat(jdbc.sql("select count(*) from journal_entries where event = 'debit_returned' and source_id = ?")
                .param(returned).query(Long.class).single()).isEqualTo(1);
        assertThat(api.get("/v1/balance_transactions?limit=100").body().path("data").findValues("type").stream()
                .map(JsonNode::asString)).contains("debit_return");
        assertThat(count("disputes")).as("a return is not a chargeback").isZero();
        ApiClient.Response refund = api.post("/v1/refunds", "{\"payment\": \"" + returned + "\"}");
        assertThat(refund.status()).isEqualTo(409);
        assertThat(refund.errorCode()).isEqualTo("payment_returned");
        assertLedgerConsistent();

        // the provider's settlement report lists both collected debits; reconciliation finds nothing to question
        String csv = stripeSettlementReport(startedAt);
        assertThat(csv).contains(paid.text("provider_reference"), taken.text("provider_reference"))
                .as("the return, as Stripe reports it").contains(",dispute,du_");
        JsonNode exceptions = reconcile("stripe", csv);
        assertThat(exceptions.valueStream().filter(e -> collected.equals(e.path("item_id").asString(""))
                || returned.equals(e.path("item_id").asString(""))
                || e.path("row_id").asString("").startsWith("txn_du_"))).as("exceptions about the debits and the return").isEmpty();
        assertThat(jdbc.sql("select count(*) from settled_items where item_id = ?").param(returned).query(Long.class).single())
                .as("the capture and the return both matched").isEqualTo(2);
    }

    @Test
    void a_debit_needs_the_customers_active_mandate_in_euros_and_bad_requests_store_nothing() {
        routeMerchantTo("stripe");
        String customer = api.post("/v1/customers", "{}").text("id");
        String account = account(COLLECTED);
        assertThat(api.get("/v1/payment_methods/" + account).body().path("sepa_debit").path("last4").asString()).isEqualTo("3000");
        ApiClient.Response unmandated = api.post("/v1/payments", body(customer, account, 1000, "eur"));
        assertThat(unmandated.status()).isEqualTo(400);
        assertThat(unmandated.errorCode()).isEqualTo("mandate_missing");

        String mandate = api.post("/v1/mandates", mandateBody(customer, account)).text("id");
        assertThat(api.post("/v1/payments", body(customer, account, 1000, "usd")).errorCode()).isEqualTo("payment_method_unsupported");
        String stranger = api.post("/v1/customers", "{}").text("id");
        assertThat(api.post("/v1/payments", body(stranger, account, 1000, "eur")).errorCode()).isEqualTo("payment_method_customer_mismatch");
        assertThat(api.post("/v1/mandates/" + mandate + "/revoke", "{}").text("status")).isEqualTo("inactive");
        assertThat(api.post("/v1/mandates/" + mandate + "/revoke", "{}").text("status")).as("revoking again changes nothing")
                .isEqualTo("inactive");
        assertThat(jdbc.sql("select type from payment_events where merchant_id = ? and object->>'id' = ? order by seq")
                .params(merchantId, mandate).query(String.class).list()).containsExactly("mandate.created", "mandate.updated");
        assertThat(api.post("/v1/payments", body(customer, account, 1000, "eur")).errorCode()).isEqualTo("mandate_missing");
        assertThat(count("payments")).as("nothing stored").isZero();

        assertThat(api.post("/v1/payment_methods", "{\"type\": \"sepa_debit\", \"sepa_debit\": {\"iban\": \"DE88370400440532013000\"}, "
                + "\"billing_details\": {\"name\": \"E\"}}").errorCode()).isEqualTo("iban_invalid");
        assertThat(api.post("/v1/payment_methods", "{\"type\": \"sepa_debit\", \"sepa_debit\": {\"iban\": \"" + COLLECTED + "\"}}")
                .errorParam()).isEqualTo("billing_details.name");
        assertThat(api.post("/v1/mandates", "{\"customer\": \"" + customer + "\", \"payment_method\": \"" + account(COLLECTED)
                + "\", \"customer_acceptance\": {\"type\": \"online\"}}").errorCode()).isEqualTo("parameter_missing");
        String card = api.post("/v1/payment_methods", "{\"card\": " + card(VISA) + "}").text("id");
        assertThat(api.post("/v1/mandates", mandateBody(customer, card)).errorCode()).isEqualTo("payment_method_unsupported");
        ApiClient.Response inText = api.post("/v1/customers", "{\"description\": \"pays from DE89 3704 0044 0532 0130 00\"}");
        assertThat(inText.errorCode()).isEqualTo("parameter_contains_bank_account");
        assertThat(inText.body().toString()).doesNotContain("3704 0044");
    }

    private String mandated(String customer, String iban) {
        String account = account(iban);
        ApiClient.Response mandate = api.post("/v1/mandates", mandateBody(customer, account), "mandate-" + UUID.randomUUID());
        assertThat(mandate.status()).as(mandate.body().toString()).isEqualTo(200);
        assertThat(mandate.text("status")).isEqualTo("active");
        assertThat(mandate.text("reference")).startsWith("PAYRAIL-").hasSizeLessThanOrEqualTo(35);
        assertThat(mandate.body().path("customer_acceptance").path("online").path("ip_address").asString()).isEqualTo("203.0.113.7");
        return account;
    }

    private String debit(String customer, String account, long amount) {
        ApiClient.Response debit = api.post("/v1/payments", body(customer, account, amount, "eur"), "debit-" + UUID.randomUUID());
        assertThat(debit.status()).as(debit.body().toString()).isEqualTo(200);
        assertThat(debit.text("status")).as("the payer's bank takes days").isEqualTo("processing");
        assertThat(debit.body().path("payment_method_details").path("type").asString()).isEqualTo("sepa_debit");
        assertThat(debit.body().path("payment_method_details").path("sepa_debit").path("mandate").asString()).startsWith("mandate_");
        return debit.text("id");
    }

    private String account(String iban) {
        ApiClient.Response account = api.post("/v1/payment_methods", "{\"type\": \"sepa_debit\", \"sepa_debit\": {\"iban\": \""
                + iban + "\"}, \"billing_details\": {\"name\": \"Erika Mustermann\"}}");
        assertThat(account.status()).as(account.body().toString()).isEqualTo(200);
        return account.text("id");
    }

    private static String mandateBody(String customer, String account) {
        return "{\"customer\": \"" + customer + "\", \"payment_method\": \"" + account + "\", \"customer_acceptance\": "
                + "{\"type\": \"online\", \"online\": {\"ip_address\": \"203.0.113.7\", \"user_agent\": \"Mozilla/5.0\"}}}";
    }

    private static String body(String customer, String account, long amount, String currency) {
        return "{\"amount\": " + amount + ", \"currency\": \"" + currency + "\", \"confirm\": true, \"off_session\": true, "
                + "\"customer\": \"" + customer + "\", \"payment_method\": \"" + account + "\"}";
    }

    private java.util.List<String> events(String paymentId) {
        return jdbc.sql("select type from payment_events where payment_id = ? order by seq").param(paymentId)
                .query(String.class).list();
    }
}
