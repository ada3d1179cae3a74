package dev.payrail.server.evidence;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evidence pack, checked against the live system it was made from: every file the manifest lists is in the zip
 * with its size and SHA-256; every control's evidence is a file of the pack; the access review lists this test's key
 * with its last recorded use and no secret; the audit log holds this test's calls; the configuration is the one in
 * force with its secrets redacted; the migrations are the database's; this process's start is a release; the alert
 * rules are the shipped ones; the ledger check is today's. No secret of the run appears anywhere in the pack.
 */
class EvidencePackTest extends ApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpResponse<byte[]> download(String query) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/admin/evidence_pack" + query))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    @Test
    void the_pack_holds_what_the_manifest_lists_and_says_what_the_live_system_says() throws Exception {
        // something of this test's to find in the pack: a payment (audited under the key) and a new restricted key
        String paid = api.post("/v1/payments", payment(1234, "usd", "automatic", VISA), "ev-" + UUID.randomUUID()).text("id");
        ApiClient admin = new ApiClient(baseUrl(), ADMIN_TOKEN);
        ApiClient.Response restricted = admin.post("/v1/admin/merchants/" + merchantId + "/api_keys",
                "{\"kind\": \"restricted\", \"permissions\": [\"payments:read\"], \"name\": \"reporting\"}");
        assertThat(restricted.status()).as(restricted.body().toString()).isIn(200, 201);
        String restrictedSecret = restricted.body().path("secret").asString();
        String paymentRequest = jdbc.sql("select request_id from audit_log where object_id = ? order by id limit 1")
                .param(paid).query(String.class).single();

        HttpResponse<byte[]> answer = download("");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/zip");
        Map<String, byte[]> files = unzip(answer.body());

        JsonNode manifest = JSON.readTree(files.get("manifest.json"));
        assertThat(manifest.path("made_by").asString()).isEqualTo("operator:admin");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(manifest.path("period").path("from").asString()).isEqualTo(today.minusDays(89) + "T00:00:00Z");
        assertThat(manifest.path("period").path("until").asString()).isEqualTo(today.plusDays(1) + "T00:00:00Z");
        assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(java.util.stream.Stream.of("manifest.json"),
                        manifest.path("files").valueStream().map(f -> f.path("name").asString())).toList());
        for (JsonNode file : manifest.path("files")) {
            byte[] content = files.get(file.path("name").asString());
            assertThat(content.length).as(file.path("name").asString()).isEqualTo(file.path("bytes").asLong());
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)))
                    .as("checksum of %s", file.path("name").asString()).isEqualTo(file.path("sha256").asString());
            assertThat(file.path("holds").asString()).isNotBlank();
        }

        // the control mapping: PCI DSS v4.0 and SOC 2 both, each control backed by files of this pack
        JsonNode controls = JSON.readTree(files.get("control-mapping.json")).path("controls");
        assertThat(controls.findValues("framework").stream().map(JsonNode::asString).distinct().toList())
                .containsExactlyInAnyOrder("PCI DSS v4.0", "SOC 2 (2017 TSC)");
        assertThat(controls.findValues("id").stream().map(JsonNode::asString).toList())
                .contains("3.5.1", "7.2.4", "10.2.1", "10.3.2", "CC6.1", "CC8.1", "PI1.4");
        for (JsonNode control : controls) {
            assertThat(control.path("how").asString()).isNotBlank();
            for (JsonNode evidence : control.path("evidence")) {
                assertThat(files).as("evidence of %s", control.path("id").asString()).containsKey(evidence.asString());
            }
        }

        // access review: this merchant's keys, by id and prefix, with state and last recorded use
        JsonNode keys = JSON.readTree(files.get("access-review.json")).path("api_keys");
        List<JsonNode> mine = keys.valueStream().filter(k -> k.path("merchant_id").asString().equals(merchantId)).toList();
        assertThat(mine).hasSize(2);
        JsonNode paying = mine.stream().filter(k -> k.path("kind").asString().equals("secret")).findFirst().orElseThrow();
        assertThat(paying.path("state").asString()).isEqualTo("active");
        assertThat(paying.path("last_recorded_use").asString()).as("the payment's audit entry").isNotBlank();
        JsonNode reporting = mine.stream().filter(k -> k.path("kind").asString().equals("restricted")).findFirst().orElseThrow();
        assertThat(reporting.path("permissions").toString()).contains("payments:read");
        assertThat(reporting.path("last_recorded_use").isNull()).as("never used").isTrue();
        assertThat(restrictedSecret).startsWith(reporting.path("key_prefix").asString());
        JsonNode operators = JSON.readTree(files.get("access-review.json")).path("operators");
        assertThat(operators.findValues("operator").stream().map(JsonNode::asString).toList()).contains("admin", "vic", "olga");
        assertThat(operators.valueStream().filter(o -> o.path("operator").asString().equals("admin")).findFirst().orElseThrow()
                .path("role").asString()).isEqualTo("admin");

        // the audit log of the period holds this test's payment, under its request id
        String auditLog = new String(files.get("audit-log.csv"), StandardCharsets.UTF_8);
        assertThat(auditLog.lines().findFirst().orElseThrow()).isEqualTo("id,at,actor,action,object_type,object_id,request_id,source_ip,outcome,detail");
        assertThat(auditLog).contains(paymentRequest).contains("POST /v1/payments");

        // configuration in force: a plain setting as the process has it, every secret redacted
        JsonNode settings = JSON.readTree(files.get("configuration.json")).path("settings");
        assertThat(settings.path("payrail.payments.capture-window").asString()).isEqualTo("7d");
        assertThat(settings.path("payrail.admin.token").asString()).isEqualTo("[redacted: set]");
        assertThat(settings.path("payrail.providers.stripe.api-key").asString()).startsWith("[redacted");

        // migrations: the database's own history
        JsonNode migrations = JSON.readTree(files.get("migrations.json"));
        assertThat((long) migrations.size()).isEqualTo(jdbc.sql("select count(*) from flyway_schema_history where success")
                .query(Long.class).single());
        assertThat(migrations.findValues("description").stream().map(JsonNode::asString).toList()).contains("evidence", "feature flags");

        // releases: this process's start is recorded
        JsonNode releases = JSON.readTree(files.get("releases.json"));
        assertThat(releases.path("starts_in_period").findValues("pid").stream().map(JsonNode::asLong).toList())
                .contains(ProcessHandle.current().pid());

        // the alert rules are the shipped ones, byte for byte; the ledger check is the live one
        assertThat(files.get("alert-rules.yml")).isEqualTo(Files.readAllBytes(Path.of("../ops/prometheus/alerts.yml")));
        assertThat(files.get("slo.md")).isEqualTo(Files.readAllBytes(Path.of("../docs/slo.md")));
        assertThat(JSON.readTree(files.get("ledger-check.json")).path("ok").asBoolean())
                .isEqualTo(admin.get("/v1/admin/ledger/check").body().path("ok").asBoolean());

        // no secret of this run anywhere in the pack
        String everything = files.values().stream().map(b -> new String(b, StandardCharsets.UTF_8)).reduce("", String::concat);
        assertThat(everything).doesNotContain(ADMIN_TOKEN).doesNotContain(api.bearer()).doesNotContain(restrictedSecret)
                .doesNotContain("sk_test_simulated").doesNotContain(VISA);

        // making the pack is itself audited, with its period
        assertThat(jdbc.sql("select detail::text from audit_log where action = 'evidence_pack.made' order by id desc limit 1")
                .query(String.class).single()).contains(today.toString());
    }

    @Test
    void a_period_is_whole_days_in_order() throws Exception {
        HttpResponse<byte[]> reversed = download("?from=2026-11-30&to=2026-11-01");
        assertThat(reversed.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(reversed.body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("parameter_invalid");
        assertThat(error.path("param").asString()).isEqualTo("from");
        HttpResponse<byte[]> notADay = download("?to=yesterday");
        assertThat(notADay.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notADay.body()).path("error").path("param").asString()).isEqualTo("to");
        HttpResponse<byte[]> unknown = download("?month=11");
        assertThat(unknown.statusCode()).isEqualTo(400);

        HttpResponse<byte[]> oneDay = download("?from=2026-11-01&to=2026-11-01");
        assertThat(oneDay.statusCode()).isEqualTo(200);
        JsonNode manifest = JSON.readTree(unzip(oneDay.body()).get("manifest.json"));
        assertThat(manifest.path("period").path("until").asString()).isEqualTo("2026-11-02T00:00:00Z");
        // a merchant's key gets no pack
        HttpResponse<byte[]> merchant = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl()
                + "/v1/admin/evidence_pack")).header("Authorization", "Bearer " + api.bearer()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(merchant.statusCode()).isIn(401, 403);
    }
}
