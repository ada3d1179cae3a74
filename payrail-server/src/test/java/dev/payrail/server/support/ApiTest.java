package dev.payrail.server.support;

import dev.payrail.server.providers.ProviderEndpoints;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * Base of the integration tests: the whole server on a random port, embedded PostgreSQL, the
 * simulator over loopback HTTP. Every test gets a fresh merchant, so tests never see each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class ApiTest {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    public static final String VISA = "4242424242424242";
    /** The providers of the test configuration, each with its own in-process simulator. */
    public static final java.util.List<String> PROVIDERS = java.util.List.of("simulator", "stripe", "adyen");

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected ProviderEndpoints providerEndpoints;

    /** The current test's merchant. */
    protected ApiClient api;
    protected String merchantId;
    protected Simulator simulator;

    @BeforeEach
    void newMerchant() {
        api = newMerchantClient("Test merchant");
        simulator = new Simulator(providerEndpoints, PROVIDERS);
    }

    protected ApiClient newMerchantClient(String name) {
        ApiClient admin = new ApiClient(baseUrl(), ADMIN_TOKEN);
        ApiClient.Response created = admin.post("/v1/admin/merchants", "{\"name\": \"" + name + "\"}");
        if (created.status() != 201) {
            throw new AssertionError("could not create a merchant: " + created.body());
        }
        merchantId = created.text("id");
        return new ApiClient(baseUrl(), created.body().path("api_key").path("secret").asString());
    }

    /** Routes every payment of this test's merchant to {@code provider} (a routing rule of its own). */
    protected void routeMerchantTo(String provider) {
        ApiClient admin = new ApiClient(baseUrl(), ADMIN_TOKEN);
        ApiClient.Response routed = admin.post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"only-" + merchantId
                + "\", \"priority\": 1, \"merchants\": [\"" + merchantId + "\"], \"targets\": [{\"provider\": \""
                + provider + "\", \"weight\": 1}]}]}");
        org.assertj.core.api.Assertions.assertThat(routed.status()).as(routed.body().toString()).isEqualTo(200);
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }

    protected static String card(String number) {
        return "{\"number\": \"" + number + "\", \"exp_month\": 12, \"exp_year\": 2034, \"cvc\": \"123\"}";
    }

    protected static String payment(long amount, String currency, String captureMethod, String cardNumber) {
        return "{\"amount\": " + amount + ", \"currency\": \"" + currency + "\", \"capture_method\": \"" + captureMethod
                + "\", \"confirm\": true, \"card\": " + card(cardNumber) + "}";
    }

    /** The ledger invariant check finds nothing wrong with this test's merchant. */
    protected void assertLedgerConsistent() {
        tools.jackson.databind.JsonNode check = new ApiClient(baseUrl(), ADMIN_TOKEN).get("/v1/admin/ledger/check").body();
        org.assertj.core.api.Assertions.assertThat(violationsOf(check)).as(check.toString()).isEmpty();
    }

    /** The violations of a ledger check that concern this test's merchant. */
    protected java.util.List<tools.jackson.databind.JsonNode> violationsOf(tools.jackson.databind.JsonNode check) {
        java.util.List<tools.jackson.databind.JsonNode> ours = new java.util.ArrayList<>();
        for (tools.jackson.databind.JsonNode violation : check.path("violations")) {
            if (violation.path("subject").asString().contains(merchantId)) {
                ours.add(violation);
            }
        }
        return ours;
    }

    /** The merchant's funds in {@code currency} from GET /v1/balance: {@code kind} is available or pending. */
    protected long balance(String kind, String currency) {
        long total = 0;
        for (tools.jackson.databind.JsonNode amount : api.get("/v1/balance").body().path(kind)) {
            if (currency.equals(amount.path("currency").asString())) {
                total += amount.path("amount").longValue();
            }
        }
        return total;
    }

    /** The Stripe-shaped simulator's settlement report (CSV) of what it settled since {@code since} (Unix seconds). */
    protected String stripeSettlementReport(long since) {
        String stripe = providerEndpoints.get("stripe").simulator().orElseThrow().baseUrl();
        return new ApiClient(stripe, null).get("/sim/reports/settlement?face=stripe&since=" + since).body().path("csv").asString();
    }

    /** Uploads {@code csv} as {@code provider}'s settlement report and returns the exceptions its reconciliation found. */
    protected tools.jackson.databind.JsonNode reconcile(String provider, String csv) {
        java.net.http.HttpResponse<String> upload = ReportUploader.upload(baseUrl(), provider,
                provider + "-" + java.util.UUID.randomUUID() + ".csv", csv);
        org.assertj.core.api.Assertions.assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        String run = tools.jackson.databind.json.JsonMapper.builder().build().readTree(upload.body()).path("id").asString();
        return new ApiClient(baseUrl(), ADMIN_TOKEN).get("/v1/reconciliation/exceptions?limit=100&run=" + run).body().path("data");
    }

    protected long count(String table) {
        return jdbc.sql("select count(*) from " + table + " where merchant_id = ?").param(merchantId)
                .query(Long.class).single();
    }
}
