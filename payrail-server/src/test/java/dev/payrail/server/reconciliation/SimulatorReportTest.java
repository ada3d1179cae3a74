package dev.payrail.server.reconciliation;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.ReportUploader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole loop against the simulator: payments through a provider's face, that provider's settlement
 * report written by the simulator with one of each discrepancy injected, uploaded to Payrail: exactly the
 * injected discrepancies come out, in both formats.
 */
class SimulatorReportTest extends ApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @ValueSource(strings = {"stripe", "adyen"})
    void a_simulated_report_with_injected_discrepancies_yields_exactly_them(String provider) throws Exception {
        new ApiClient(baseUrl(), ADMIN_TOKEN).post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"simreport-" + merchantId
                + "\", \"merchants\": [\"" + merchantId + "\"], \"targets\": [{\"provider\": \"" + provider + "\", \"weight\": 1}]}]}");
        long since = System.currentTimeMillis();
        Map<String, String> paymentByReference = new HashMap<>();
        List<String> payments = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            ApiClient.Response created = api.post("/v1/payments", payment(1_000L * i + 23, "usd", "automatic", VISA));
            assertThat(created.text("status")).as(created.body().toString()).isEqualTo("succeeded");
            payments.add(created.text("id"));
            paymentByReference.put(api.get("/v1/payments/" + created.text("id")).text("provider_reference"), created.text("id"));
        }
        assertThat(api.post("/v1/refunds", "{\"payment\": \"" + payments.get(0) + "\", \"amount\": 200}").status()).isEqualTo(200);
        String simulator = providerEndpoints.get(provider).simulator().orElseThrow().baseUrl();
        JsonNode report = new ApiClient(simulator, null).get("/sim/reports/settlement?face=" + provider + "&since=" + since
                + "&inject=drop,amount,currency,duplicate,late,fee,unknown").body();
        JsonNode injected = report.path("injected");
        assertThat(injected.size()).isEqualTo(7);

        HttpResponse<String> upload = ReportUploader.upload(baseUrl(), provider, provider + "-" + UUID.randomUUID() + ".csv",
                report.path("csv").asString());

        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        String runId = JSON.readTree(upload.body()).path("id").asString();
        List<JsonNode> ours = new ArrayList<>();
        for (JsonNode exception : new ApiClient(baseUrl(), ADMIN_TOKEN)
                .get("/v1/reconciliation/exceptions?limit=100&run=" + runId).body().path("data")) {
            boolean aboutOurPayment = payments.contains(exception.path("item_id").asString(""));
            boolean aboutAnInjectedRow = injected.valueStream().anyMatch(r -> exception.path("row_id").asString("").contains(r.asString()));
            if (aboutOurPayment || aboutAnInjectedRow) {
                ours.add(exception);
            }
        }
        Map<String, String> found = new HashMap<>();
        for (JsonNode exception : ours) {
            String item = exception.path("item_id").asString("");
            String reference = paymentByReference.entrySet().stream().filter(e -> e.getValue().equals(item)).map(Map.Entry::getKey)
                    .findFirst().orElse(exception.path("row_id").asString());
            found.put(exception.path("category").asString(), reference);
        }
        assertThat(ours).as("one exception per injected discrepancy, and none else about these payments").hasSize(7);
        for (Map.Entry<String, JsonNode> expected : injected.properties()) {
            assertThat(found.get(expected.getKey())).as(expected.getKey()).contains(expected.getValue().asString());
        }
        assertLedgerConsistent();
    }
}
