package dev.payrail.server.reconciliation;

import dev.payrail.core.ledger.FeeSchedule;
import dev.payrail.core.money.CurrencyCode;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.ReportUploader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A Stripe settlement report of this merchant's real payments, with known discrepancies, through the API. */
class ReconciliationTest extends ApiTest {
    private static final FeeSchedule STRIPE_FEES = new FeeSchedule(150, Map.of("USD", 10L));
    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void a_report_with_known_discrepancies_yields_them_and_finance_works_them_off() throws Exception {
        new ApiClient(baseUrl(), ADMIN_TOKEN).post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"recon-" + merchantId
                + "\", \"merchants\": [\"" + merchantId + "\"], \"targets\": [{\"provider\": \"stripe\", \"weight\": 1}]}]}");
        List<String> payments = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            payments.add(api.post("/v1/payments", payment(1_000L * i + 99, "usd", "automatic", VISA)).text("id"));
        }
        String refund = api.post("/v1/refunds", "{\"payment\": \"" + payments.get(0) + "\", \"amount\": 300}").text("id");
        String tag = UUID.randomUUID().toString().substring(0, 8);

        StringBuilder report = new StringBuilder("balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,"
                + "source_id,payment_intent_id\n");
        for (int i = 1; i <= 5; i++) {
            String id = payments.get(i - 1);
            if (i == 2) {
                continue; // dropped: missing_in_report
            }
            long gross = api.get("/v1/payments/" + id).number("amount_received") + (i == 3 ? 100 : 0); // 3: amount_mismatch
            long fee = STRIPE_FEES.feeOn(gross, CurrencyCode.of("USD")) + (i == 5 ? 7 : 0);              // 5: fee_mismatch
            String row = row("txn_" + tag + "_" + i, "charge", gross, fee, "ch_" + tag + i, intent(id));
            report.append(row);
            if (i == 4) {
                report.append(row); // duplicate_in_report
            }
        }
        String refundReference = jdbc.sql("select provider_reference from refunds where id = ?").param(refund).query(String.class).single();
        report.append(row("txn_" + tag + "_r", "refund", -300, 0, refundReference, ""));
        report.append(row("txn_" + tag + "_x", "charge", 777_777, 11_677, "ch_unknown_" + tag, "pi_unknown_" + tag)); // missing_in_payrail

        HttpResponse<String> imported = ReportUploader.upload(baseUrl(), "stripe", "report-" + tag + ".csv", report.toString());

        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        JsonNode run = JSON.readTree(imported.body());
        String runId = run.path("id").asString();
        assertThat(run.path("summary").path("rows").longValue()).isEqualTo(7);
        assertThat(run.path("summary").path("matched").longValue()).as("4 charges and the refund").isEqualTo(5);
        ApiClient finance = new ApiClient(baseUrl(), ADMIN_TOKEN);
        assertThat(exceptionOf(finance, runId, "item_id", payments.get(1)).path("category").asString()).isEqualTo("missing_in_report");
        JsonNode mismatch = exceptionOf(finance, runId, "item_id", payments.get(2));
        assertThat(mismatch.path("category").asString()).isEqualTo("amount_mismatch");
        assertThat(mismatch.path("amount_at_stake").longValue()).isEqualTo(100);
        assertThat(exceptionOf(finance, runId, "row_id", "txn_" + tag + "_4").path("category").asString()).isEqualTo("duplicate_in_report");
        assertThat(exceptionOf(finance, runId, "item_id", payments.get(4)).path("amount_at_stake").longValue()).isEqualTo(7);
        assertThat(exceptionOf(finance, runId, "row_id", "txn_" + tag + "_x").path("category").asString()).isEqualTo("missing_in_payrail");
        assertThat(ours(finance, runId)).as("nothing else about this merchant's records").hasSize(5);
        assertThat(jdbc.sql("select count(*) from journal_entries where event = 'provider_fee' and source_id like ?")
                .param(runId + ":%").query(Long.class).single()).as("the provider's fees, one entry per currency").isEqualTo(1);
        assertLedgerConsistent();

        // the same file again is the same report: not reconciled twice
        HttpResponse<String> again = ReportUploader.upload(baseUrl(), "stripe", "copy.csv", report.toString());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("id").asString()).isEqualTo(runId);
        assertThat(JSON.readTree(again.body()).path("duplicate_report").booleanValue()).isTrue();

        // finance works the mismatch off, with an audit trail
        String mismatchId = mismatch.path("id").asString();
        assertThat(finance.post("/v1/reconciliation/exceptions/" + mismatchId + "/acknowledge", "{\"actor\": \"ana\"}").text("status"))
                .isEqualTo("acknowledged");
        ApiClient.Response resolved = finance.post("/v1/reconciliation/exceptions/" + mismatchId + "/resolve",
                "{\"resolution_code\": \"provider_corrected\", \"note\": \"Stripe credited the 1.00 back\", \"actor\": \"ana\"}");
        assertThat(resolved.text("status")).isEqualTo("resolved");
        assertThat(resolved.body().path("history")).extracting(h -> h.path("action").asString())
                .containsExactly("opened", "acknowledged", "resolved:provider_corrected");
        assertThat(finance.post("/v1/reconciliation/exceptions/" + mismatchId + "/resolve",
                "{\"resolution_code\": \"other\", \"note\": \"again\"}").status()).isEqualTo(409);
        assertThat(finance.post("/v1/reconciliation/exceptions/" + mismatchId + "/resolve",
                "{\"resolution_code\": \"shrug\", \"note\": \"x\"}").errorParam()).isEqualTo("resolution_code");

        // the next day's report settles the payment left out: its exception clears itself
        long gross2 = api.get("/v1/payments/" + payments.get(1)).number("amount_received");
        String nextDay = "balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,source_id,payment_intent_id\n"
                + row("txn_" + tag + "_2", "charge", gross2, STRIPE_FEES.feeOn(gross2, CurrencyCode.of("USD")), "ch_" + tag + "2",
                intent(payments.get(1)));
        assertThat(ReportUploader.upload(baseUrl(), "stripe", "next-" + tag + ".csv", nextDay).statusCode()).isEqualTo(201);
        assertThat(exceptionOf(finance, runId, "item_id", payments.get(1)).path("status").asString()).isEqualTo("auto_resolved");

        String csv = finance.getText("/v1/reconciliation/runs/" + runId + "/export");
        assertThat(csv).startsWith("id,category,status").contains("amount_mismatch").contains("duplicate_in_report");
    }

    @Test
    void a_malformed_report_is_refused_with_its_line_and_leaves_nothing() throws Exception {
        String tag = UUID.randomUUID().toString();
        String bad = "balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,source_id\n"
                + "txn_1,2026-11-22 10:00:00,usd,10.00,0.25,9.75,charge,ch_1\n"
                + "txn_2,2026-11-22 10:00:00,usd,lots,0.25,9.75,charge,ch_2\n";

        HttpResponse<String> refused = ReportUploader.upload(baseUrl(), "stripe", tag + ".csv", bad);

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(refused.body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("report_malformed");
        assertThat(error.path("message").asString()).contains("line 3");
        assertThat(jdbc.sql("select count(*) from settlement_reports where filename = ?").param(tag + ".csv").query(Long.class).single())
                .isZero();
        assertThat(ReportUploader.upload(baseUrl(), "stripe", tag + ".csv", bad.replace(',', ';')).body()).contains("line 1");
        assertThat(ReportUploader.upload(baseUrl(), "nobody", tag + ".csv", bad).statusCode()).isEqualTo(400);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/reconciliation/exceptions"))
                .header("Authorization", "Bearer " + "sk_test_not_the_admin").GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).as("finance's API takes the admin token only").isEqualTo(401);
    }

    private List<JsonNode> ours(ApiClient finance, String runId) {
        List<JsonNode> ours = new ArrayList<>();
        for (JsonNode exception : finance.get("/v1/reconciliation/exceptions?limit=100&run=" + runId).body().path("data")) {
            String item = exception.path("item_id").asString("");
            String row = exception.path("row_id").asString("");
            if (item.startsWith("pay_") && jdbc.sql("select merchant_id from payments where id = ?").param(item)
                    .query(String.class).optional().filter(merchantId::equals).isPresent() || row.startsWith("txn_")) {
                ours.add(exception);
            }
        }
        return ours;
    }

    private JsonNode exceptionOf(ApiClient finance, String runId, String field, String value) {
        for (JsonNode exception : finance.get("/v1/reconciliation/exceptions?limit=100&run=" + runId).body().path("data")) {
            if (value.equals(exception.path(field).asString())) {
                return exception;
            }
        }
        throw new AssertionError("no exception with " + field + " " + value + " in run " + runId);
    }

    private String intent(String paymentId) {
        return api.get("/v1/payments/" + paymentId).text("provider_reference");
    }

    private static String row(String id, String category, long gross, long fee, String source, String intent) {
        return id + "," + SPACED.format(Instant.now()) + ",usd," + decimal(gross) + "," + decimal(fee) + "," + decimal(gross - fee)
                + "," + category + "," + source + "," + intent + "\n";
    }

    private static String decimal(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }

}
