package dev.payrail.server.payments;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a clear 4xx naming the parameter, and nothing is stored. */
class PaymentValidationTest extends ApiTest {

    @Test
    void a_body_that_is_not_json_is_refused_with_415_and_every_answer_carries_the_security_headers() throws Exception {
        java.net.http.HttpResponse<String> form = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                        .newBuilder(java.net.URI.create(baseUrl() + "/v1/payments"))
                        .header("Authorization", "Bearer " + api.bearer())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("amount=100&currency=usd")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.body()).contains("content_type_unsupported");
        assertThat(count("payments")).isZero();
        assertThat(count("payment_methods")).as("no card was tokenized for a refused request").isZero();
        ApiClient.Response ok = api.get("/v1/balance");
        assertThat(ok.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(ok.header("Cache-Control")).isEqualTo("no-store");
        assertThat(ok.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(api.post("/v1/payments/" + "pay_missing" + "/cancel", "").status()).as("no body needs no type").isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown currency        | {"amount": 100, "currency": "usx"}                          | 400 | currency_invalid          | currency
            unitless currency       | {"amount": 100, "currency": "xau"}                          | 400 | currency_invalid          | currency
            four-letter currency    | {"amount": 100, "currency": "usdd"}                         | 400 | currency_invalid          | currency
            missing currency        | {"amount": 100}                                             | 400 | parameter_missing         | currency
            missing amount          | {"currency": "usd"}                                         | 400 | parameter_missing         | amount
            zero amount             | {"amount": 0, "currency": "usd"}                            | 400 | amount_invalid            | amount
            negative amount         | {"amount": -5, "currency": "usd"}                           | 400 | amount_invalid            | amount
            amount above maximum    | {"amount": 100000000, "currency": "usd"}                    | 400 | amount_too_large          | amount
            amount beyond long      | {"amount": 99999999999999999999, "currency": "usd"}         | 400 | parameter_invalid_integer | amount
            fractional amount       | {"amount": 10.5, "currency": "usd"}                         | 400 | parameter_invalid_integer | amount
            amount as string        | {"amount": "100", "currency": "usd"}                        | 400 | parameter_invalid_integer | amount
            currency as number      | {"amount": 100, "currency": 840}                            | 400 | parameter_invalid_string  | currency
            unknown parameter       | {"amount": 100, "currency": "usd", "amout": 1}              | 400 | parameter_unknown         | amout
            bad capture method      | {"amount": 100, "currency": "usd", "capture_method": "later"} | 400 | parameter_invalid       | capture_method
            confirm without card    | {"amount": 100, "currency": "usd", "confirm": true}         | 400 | parameter_missing         | payment_method
            unknown payment method  | {"amount": 100, "currency": "usd", "payment_method": "pm_nope"} | 404 | resource_missing    | payment_method
            card and payment method | {"amount": 100, "currency": "usd", "payment_method": "pm_x", "card": {"number": "4242424242424242", "exp_month": 1, "exp_year": 2034}} | 400 | parameter_conflict | card
            confirm not boolean     | {"amount": 100, "currency": "usd", "confirm": "yes"}        | 400 | parameter_invalid_boolean | confirm
            bad expiry month        | {"amount": 100, "currency": "usd", "card": {"number": "4242424242424242", "exp_month": 13, "exp_year": 2034}} | 400 | card_exp_month_invalid | card.exp_month
            expired card            | {"amount": 100, "currency": "usd", "card": {"number": "4242424242424242", "exp_month": 1, "exp_year": 2020}}  | 400 | card_expired           | card.exp_year
            bad cvc                 | {"amount": 100, "currency": "usd", "card": {"number": "4242424242424242", "exp_month": 1, "exp_year": 2034, "cvc": "12a"}} | 400 | card_cvc_invalid | card.cvc
            unknown card field      | {"amount": 100, "currency": "usd", "card": {"number": "4242424242424242", "exp_month": 1, "exp_year": 2034, "pin": "1"}} | 400 | parameter_unknown | card.pin
            metadata not strings    | {"amount": 100, "currency": "usd", "metadata": {"a": 1}}     | 400 | metadata_invalid          | metadata.a
            malformed json          | {"amount": 100,                                             | 400 | body_invalid              |
            json array              | [1, 2]                                                      | 400 | body_invalid              |
            """)
    void bad_create_request_is_refused_and_stores_nothing(String name, String body, int status, String code,
                                                          String param) {
        ApiClient.Response response = api.post("/v1/payments", body);

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.errorCode()).isEqualTo(code);
        assertThat(response.errorParam()).isEqualTo(param);
        assertThat(response.body().path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(response.body().path("error").path("message").asString()).isNotBlank();
        assertThat(response.body().path("error").path("request_id").asString()).startsWith("req_")
                .isEqualTo(response.header("Request-Id"));
        assertThat(count("payments")).isZero();
    }

    @Test
    void an_invalid_card_number_is_refused_without_echoing_it() {
        String number = "4242424242424241";
        ApiClient.Response response = api.post("/v1/payments",
                "{\"amount\": 100, \"currency\": \"usd\", \"confirm\": true, \"card\": {\"number\": \"" + number
                        + "\", \"exp_month\": 12, \"exp_year\": 2034}}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("card_number_invalid");
        assertThat(response.errorParam()).isEqualTo("card.number");
        assertThat(response.raw().body()).doesNotContain(number).doesNotContain("424242424242");
        assertThat(count("payments")).isZero();
    }

    @Test
    void an_oversized_body_is_refused_with_413() {
        String description = "x".repeat(70_000);
        ApiClient.Response response = api.post("/v1/payments",
                "{\"amount\": 100, \"currency\": \"usd\", \"description\": \"" + description + "\"}");

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.errorCode()).isEqualTo("body_too_large");
        assertThat(count("payments")).isZero();
    }

    @Test
    void requests_without_a_valid_key_are_refused_with_401_and_a_valid_credential_of_the_wrong_kind_with_403() {
        ApiClient.Response none = api.as(null).post("/v1/payments", "{\"amount\": 100, \"currency\": \"usd\"}");
        ApiClient.Response wrong = api.as("sk_test_notarealkey").get("/v1/payments");
        ApiClient.Response adminWithMerchantKey = api.post("/v1/admin/merchants", "{\"name\": \"x\"}");

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.errorCode()).isEqualTo("api_key_missing");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.errorCode()).isEqualTo("api_key_invalid");
        assertThat(adminWithMerchantKey.status()).as("the key is valid, but an operator endpoint needs an operator token")
                .isEqualTo(403);
        assertThat(adminWithMerchantKey.errorCode()).isEqualTo("operator_token_required");
        assertThat(adminWithMerchantKey.body().path("error").path("message").asString()).contains("operator token");
        ApiClient.Response paymentsWithAdminToken = api.as(ADMIN_TOKEN).get("/v1/payments");
        assertThat(paymentsWithAdminToken.status()).isEqualTo(403);
        assertThat(paymentsWithAdminToken.errorCode()).isEqualTo("api_key_required");
        assertThat(count("payments")).isZero();
        assertThat(jdbc.sql("select count(*) from merchants where name = 'x'").query(Long.class).single()).as("nothing created").isZero();
    }

    @Test
    void the_container_error_page_answers_in_the_json_error_shape() {
        ApiClient.Response error = api.get("/error");

        assertThat(error.status()).isEqualTo(500);
        assertThat(error.errorCode()).isEqualTo("internal_error");
        assertThat(error.body().path("error").path("request_id").asString()).startsWith("req_");
    }

    @Test
    void unknown_routes_and_ids_answer_404_in_json() {
        assertThat(api.get("/v1/payments/pay_doesnotexist").errorCode()).isEqualTo("resource_missing");
        assertThat(api.get("/v1/nothing-here").status()).isEqualTo(404);
        assertThat(api.post("/v1/payments/pay_doesnotexist/capture", "{}").status()).isEqualTo(404);
    }

    @Test
    void refund_requests_are_validated_before_anything_happens() {
        String id = api.post("/v1/payments", payment(1000, "usd", "automatic", VISA)).text("id");

        ApiClient.Response zero = api.post("/v1/refunds", "{\"payment\": \"" + id + "\", \"amount\": 0}");
        ApiClient.Response reason = api.post("/v1/refunds", "{\"payment\": \"" + id + "\", \"reason\": \"because\"}");
        ApiClient.Response missing = api.post("/v1/refunds", "{\"amount\": 10}");

        assertThat(zero.errorCode()).isEqualTo("amount_invalid");
        assertThat(reason.errorParam()).isEqualTo("reason");
        assertThat(missing.errorParam()).isEqualTo("payment");
        assertThat(count("refunds")).isZero();
    }
}
