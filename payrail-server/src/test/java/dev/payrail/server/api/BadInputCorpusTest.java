package dev.payrail.server.api;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of bad input thrown at every public POST endpoint: malformed JSON, other JSON types, wrong types,
 * numbers beyond any integer, negative amounts, NUL characters and lone surrogates, SQL-injection and script
 * strings in fields that have a format, duplicate keys, an oversized body. Each answer must be a clear 4xx
 * JSON error; afterwards the server still answers and not one row of the merchant's data has changed.
 */
class BadInputCorpusTest extends ApiTest {

    /** One endpoint: a valid body to corrupt, its amount-like field (or null) and a field with a fixed format. */
    private record Endpoint(String path, String validBody, String numberField, String formattedField) {
    }

    @Test
    void every_public_endpoint_answers_bad_input_with_a_clear_4xx_and_stores_nothing() {
        String unconfirmed = api.post("/v1/payments", "{\"amount\": 500, \"currency\": \"usd\"}").text("id");
        String authorized = api.post("/v1/payments", payment(800, "usd", "manual", VISA)).text("id");
        String captured = api.post("/v1/payments", payment(900, "usd", "automatic", VISA)).text("id");
        String customer = api.post("/v1/customers", "{\"email\": \"corpus@example.com\"}").text("id");
        String card = api.post("/v1/payment_methods", "{\"card\": " + card(VISA) + "}").text("id");
        String account = api.post("/v1/payment_methods", "{\"type\": \"sepa_debit\", \"sepa_debit\": {\"iban\": "
                + "\"DE89370400440532013000\"}, \"billing_details\": {\"name\": \"E\"}}").text("id");
        List<Endpoint> endpoints = List.of(
                new Endpoint("/v1/mandates", "{\"customer\": \"" + customer + "\", \"payment_method\": \"" + account
                        + "\", \"customer_acceptance\": {\"type\": \"offline\"}}", null, "customer"),
                new Endpoint("/v1/payment_methods", "{\"type\": \"sepa_debit\", \"billing_details\": {\"name\": \"E\"}, "
                        + "\"sepa_debit\": {\"iban\": \"DE89370400440532013000\"}}", null, "type"),
                new Endpoint("/v1/customers", "{\"email\": \"a@example.com\"}", null, "email"),
                new Endpoint("/v1/setup_intents", "{\"customer\": \"" + customer + "\", \"usage\": \"off_session\"}", null, "usage"),
                new Endpoint("/v1/setup_intents", "{\"customer\": \"" + customer + "\", \"currency\": \"eur\"}", null, "currency"),
                new Endpoint("/v1/customers/" + customer, "{\"phone\": \"+1 555 0100\"}", null, "phone"),
                new Endpoint("/v1/payment_methods/" + card + "/attach", "{\"customer\": \"" + customer + "\"}", null, "customer"),
                new Endpoint("/v1/payments", "{\"amount\": 100, \"currency\": \"usd\", \"customer\": \"" + customer
                        + "\", \"setup_future_usage\": \"on_session\"}", null, "setup_future_usage"),
                new Endpoint("/v1/payments", "{\"amount\": 100, \"currency\": \"usd\", \"confirm\": true, \"customer\": \""
                        + customer + "\", \"payment_method\": \"" + card + "\", \"off_session\": true}", null, "off_session"),
                new Endpoint("/v1/payments", "{\"amount\": 100, \"currency\": \"usd\"}", "amount", "currency"),
                new Endpoint("/v1/payments/" + unconfirmed + "/confirm", "{}", null, "payment_method"),
                new Endpoint("/v1/payments/" + authorized + "/capture", "{}", "amount_to_capture", null),
                new Endpoint("/v1/payments/" + authorized + "/cancel", "{}", null, "cancellation_reason"),
                new Endpoint("/v1/refunds", "{\"payment\": \"" + captured + "\"}", "amount", "reason"),
                new Endpoint("/v1/payment_methods", "{\"card\": " + card(VISA) + "}", null, "type"),
                new Endpoint("/v1/payouts", "{\"amount\": 100, \"currency\": \"usd\"}", "amount", "currency"),
                new Endpoint("/v1/webhook_endpoints", "{\"url\": \"https://example.com/hooks\"}", null, "url"),
                new Endpoint("/v1/api_keys", "{\"kind\": \"read_only\"}", null, "kind"));
        velocity.flush();             // the setup's payments are logged behind them: in before, not counted as after's
        Map<String, Long> before = merchantRows();

        List<String> problems = new ArrayList<>();
        int sent = 0;
        for (Endpoint endpoint : endpoints) {
            for (String body : corpus(endpoint)) {
                ApiClient.Response response = api.post(endpoint.path(), body);
                sent++;
                var error = response.body().path("error");
                boolean clear = response.status() >= 400 && response.status() < 500
                        && !error.path("type").asString().isBlank() && !error.path("code").asString().isBlank()
                        && !error.path("message").asString().isBlank();
                if (!clear) {
                    problems.add(endpoint.path() + " " + abbreviate(body) + " -> " + response.status() + " "
                            + abbreviate(response.body().toString()));
                }
            }
        }

        assertThat(problems).as("of %d bad requests", sent).isEmpty();
        assertThat(api.get("/v1/payments/" + captured).status()).as("the server still answers").isEqualTo(200);
        velocity.flush();
        assertThat(merchantRows()).isEqualTo(before);
    }

    @org.springframework.beans.factory.annotation.Autowired
    dev.payrail.server.risk.RiskVelocity velocity;

    @Test
    void injection_and_script_strings_in_free_text_are_data_stored_verbatim() {
        String text = "Robert'); DROP TABLE payments;-- <script>alert(1)</script> \u202Eevil \uD83D\uDCB3";
        ApiClient.Response created = api.post("/v1/payments", "{\"amount\": 100, \"currency\": \"usd\", \"description\": "
                + quoted(text) + ", \"metadata\": {\"note\": " + quoted(text) + "}}");

        assertThat(created.status()).isEqualTo(200);
        ApiClient.Response read = api.get("/v1/payments/" + created.text("id"));
        assertThat(read.text("description")).isEqualTo(text);
        assertThat(read.body().path("metadata").path("note").asString()).isEqualTo(text);
        assertThat(read.header("Content-Type")).startsWith("application/json");
        assertThat(count("payments")).isEqualTo(1);
    }

    private static List<String> corpus(Endpoint endpoint) {
        List<String> bodies = new ArrayList<>(List.of(
                "{\"amount\": 100,",
                "[1, 2, 3]",
                "\"just a string\"",
                "12345",
                "{\"'; DROP TABLE payments; --\": 1}",
                "{\"<script>alert(1)</script>\": true}",
                "{\"x\": \"" + "a".repeat(70_000) + "\"}"));
        if (endpoint.numberField() != null) {
            String field = endpoint.numberField();
            for (String value : List.of("\"100\"", "1e400", "123456789012345678901234567890", "-1", "-9223372036854775808",
                    "10.5", "true", "{\"$gt\": 0}", "[100]")) {
                bodies.add(with(endpoint.validBody(), field, value));
            }
            bodies.add(endpoint.validBody().replaceFirst("\\{", "{\"" + field + "\": 1, \"" + field + "\": 2, "));
        }
        if (endpoint.formattedField() != null) {
            String field = endpoint.formattedField();
            for (String value : List.of("\"usd' OR '1'='1\"", "\"'; DROP TABLE payments; --\"",
                    "\"<script>alert(1)</script>\"", "\"javascript:alert(1)\"", "\"\\u0000\"", "\"\\ud800\"",
                    "\"\\u202Eevil\"", "\"" + "z".repeat(5_000) + "\"", "42", "null ,\"" + field + "\": \"x\"")) {
                bodies.add(with(endpoint.validBody(), field, value));
            }
        }
        return bodies;
    }

    /** {@code body} with {@code field} set to the raw JSON {@code value} (prepended, so it may repeat a key). */
    private static String with(String body, String field, String value) {
        String rest = body.substring(1).strip();
        return "{\"" + field + "\": " + value + (rest.equals("}") ? "}" : ", " + stripField(rest, field));
    }

    private static String stripField(String rest, String field) {
        return rest.replaceFirst("\"" + field + "\": [^,}]+,?\\s*", "").replaceFirst(",\\s*}$", "}");
    }

    /** Row counts of every table that names this merchant. */
    private Map<String, Long> merchantRows() {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : jdbc.sql("""
                        select table_name from information_schema.columns
                        where table_schema = 'public' and column_name = 'merchant_id' and table_name <> 'audit_log'
                        order by table_name""").query(String.class).list()) {
            rows.put(table, count(table));
        }
        return rows;
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }
}
