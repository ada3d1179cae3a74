package dev.payrail.server.payments;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bank-redirect payments (iDEAL-like) end to end over HTTP: the customer approves or declines at the simulated bank's
 * page, the payment is processing until the bank settles it and Stripe's webhook says so, the ledger books it like
 * any capture and it refunds; an unanswered redirect expires, never charged; and the rules are enforced before
 * anything is stored. Routing sends bank redirects only to a provider that takes them (the Stripe adapter, here).
 */
class BankRedirectTest extends ApiTest {
    private static final String RETURN_URL = "https://shop.example/orders/7/done";

    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    AuthorizationExpirySweeper sweeper;

    @Test
    void approved_at_the_bank_the_payment_processes_until_the_bank_settles_then_is_booked_reconciled_and_refunds() throws Exception {
        long startedAt = System.currentTimeMillis();
        ApiClient.Response created = api.post("/v1/payments", bankPayment(2500, "eur", "ing"), "order-" + UUID.randomUUID());
        assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
        assertThat(created.text("status")).isEqualTo("requires_action");
        assertThat(created.text("provider")).as("the only provider that takes bank redirects").isEqualTo("stripe");
        JsonNode method = created.body().path("payment_method_details");
        assertThat(method.path("type").asString()).isEqualTo("bank_redirect");
        assertThat(method.path("bank_redirect").path("bank").asString()).isEqualTo("ing");
        assertThat(method.path("card").isNull()).isTrue();
        String id = created.text("id");
        String bankPage = created.body().path("next_action").path("redirect_to_url").path("url").asString();

        HttpResponse<String> page = visit(bankPage);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("25.00 EUR").contains("id=\"approve\"").contains("id=\"decline\"");
        String backToPayrail = answer(bankPage, "approve");
        HttpResponse<String> landed = visit(backToPayrail);
        assertThat(landed.headers().firstValue("Location").orElseThrow())
                .isEqualTo(RETURN_URL + "?payment=" + id + "&redirect_status=processing");

        ApiClient.Response processing = api.get("/v1/payments/" + id);
        assertThat(processing.text("status")).as("approved, not settled yet").isEqualTo("processing");
        assertThat(processing.text("operation_in_progress")).isEqualTo("authorize");
        assertThat(api.post("/v1/payments/" + id + "/cancel", "{}").status()).as("the bank is settling it").isEqualTo(409);
        assertThat(api.post("/v1/payments/" + id + "/capture", "{}").status()).isEqualTo(409);

        ApiClient.Response settled = api.await("/v1/payments/" + id, r -> "succeeded".equals(r.text("status")),
                Duration.ofSeconds(15));
        assertThat(settled.body().path("amount_received").longValue()).isEqualTo(2500);
        assertThat(settled.body().path("operation_in_progress").isNull()).isTrue();
        assertThat(types(id)).containsSubsequence("payment.created", "payment.processing", "payment.requires_action",
                "payment.processing", "payment.succeeded");
        assertThat(types(id).stream().filter("payment.succeeded"::equals)).as("settled once").hasSize(1);
        assertLedgerConsistent();

        ApiClient.Response refund = api.post("/v1/refunds", "{\"payment\": \"" + id + "\", \"amount\": 1000}");
        assertThat(refund.status()).as(refund.body().toString()).isEqualTo(200);
        assertThat(api.await("/v1/refunds/" + refund.text("id"), r -> "succeeded".equals(r.text("status")),
                Duration.ofSeconds(10)).text("status")).isEqualTo("succeeded");
        assertThat(api.get("/v1/payments/" + id).body().path("amount_refunded").longValue()).isEqualTo(1000);
        assertLedgerConsistent();
        List<JsonNode> atBank = simulator.authorizationsFor(id);
        assertThat(atBank).hasSize(1);
        assertThat(atBank.get(0).path("status").asString()).isEqualTo("captured");

        // the provider's settlement report lists the bank payment and its refund; reconciliation matches both
        String reference = settled.text("provider_reference");
        String csv = stripeSettlementReport(startedAt);
        assertThat(csv).contains(reference);
        JsonNode exceptions = reconcile("stripe", csv);
        assertThat(exceptions.valueStream().filter(e -> id.equals(e.path("item_id").asString(""))
                || e.path("row_id").asString("").contains(reference))).as("exceptions about the bank payment").isEmpty();
    }

    @Test
    void declined_at_the_bank_the_payment_fails_with_words_for_the_customer_and_nothing_moves() throws Exception {
        ApiClient.Response created = api.post("/v1/payments", bankPayment(990, "eur", "rabobank"));
        String id = created.text("id");
        String backToPayrail = answer(created.body().path("next_action").path("redirect_to_url").path("url").asString(), "decline");
        assertThat(visit(backToPayrail).headers().firstValue("Location").orElseThrow()).endsWith("redirect_status=failed");
        ApiClient.Response failed = api.await("/v1/payments/" + id, r -> "failed".equals(r.text("status")), Duration.ofSeconds(10));
        assertThat(failed.text("failure_code")).isEqualTo("bank_declined");
        assertThat(failed.body().path("last_payment_error").path("type").asString()).isEqualTo("bank_error");
        assertThat(failed.text("failure_message")).contains("Your bank declined the payment");
        assertThat(failed.body().path("amount_received").longValue()).isZero();
        assertThat(simulator.authorizationsFor(id).get(0).path("status").asString()).isEqualTo("declined");
        assertLedgerConsistent();
    }

    @Test
    void an_unanswered_redirect_expires_after_the_action_window_and_can_never_charge() throws Exception {
        ApiClient.Response created = api.post("/v1/payments", bankPayment(4000, "eur", "bunq"));
        String id = created.text("id");
        String bankPage = created.body().path("next_action").path("redirect_to_url").path("url").asString();
        jdbc.sql("update payments set action_required_at = now() - interval '2 hours' where id = ?").param(id).update();
        sweeper.sweep();
        ApiClient.Response canceled = api.get("/v1/payments/" + id);
        assertThat(canceled.text("status")).isEqualTo("canceled");
        assertThat(canceled.text("cancellation_reason")).isEqualTo("expired");
        HttpResponse<String> late = browser.send(HttpRequest.newBuilder(URI.create(bankPage))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("decision=approve")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(late.statusCode()).as("the bank refuses an approval after the cancel").isEqualTo(409);
        assertThat(simulator.authorizationsFor(id).get(0).path("status").asString()).isEqualTo("canceled");
    }

    @Test
    void bank_redirects_are_euros_captured_at_once_from_a_known_bank_and_bad_requests_store_nothing() {
        long before = count("payments");
        assertRefused(bankPayment(100, "usd", "ing"), "payment_method_unsupported", "bank_redirect");
        assertRefused("{\"amount\": 100, \"currency\": \"eur\", \"capture_method\": \"manual\", \"confirm\": true, "
                + "\"bank_redirect\": {\"bank\": \"ing\"}}", "payment_method_unsupported", "bank_redirect");
        assertRefused(bankPayment(100, "eur", "moneybin"), "parameter_invalid", "bank_redirect.bank");
        assertRefused("{\"amount\": 100, \"currency\": \"eur\", \"confirm\": true, \"card\": " + card(VISA)
                + ", \"bank_redirect\": {\"bank\": \"ing\"}}", "parameter_conflict", "bank_redirect");
        assertThat(count("payments")).isEqualTo(before);
    }

    private void assertRefused(String body, String code, String param) {
        ApiClient.Response refused = api.post("/v1/payments", body);
        assertThat(refused.status()).as(body).isEqualTo(400);
        assertThat(refused.errorCode()).as(body).isEqualTo(code);
        assertThat(refused.errorParam()).as(body).isEqualTo(param);
    }

    private static String bankPayment(long amount, String currency, String bank) {
        return "{\"amount\": " + amount + ", \"currency\": \"" + currency + "\", \"confirm\": true, \"return_url\": \""
                + RETURN_URL + "\", \"bank_redirect\": {\"bank\": \"" + bank + "\"}}";
    }

    /** The customer's answer at their bank's page; returns where the bank sends the browser (Payrail's return URL). */
    private String answer(String bankPage, String decision) throws Exception {
        HttpResponse<String> answered = browser.send(HttpRequest.newBuilder(URI.create(bankPage))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("decision=" + decision)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(303);
        String next = answered.headers().firstValue("Location").orElseThrow();
        assertThat(next).startsWith(baseUrl() + "/payments/return/");
        return next;
    }

    private HttpResponse<String> visit(String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> types(String paymentId) {
        return jdbc.sql("select type from payment_events where payment_id = ? order by seq").param(paymentId)
                .query(String.class).list();
    }
}
