package dev.payrail.server.api;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document the server serves is the one committed in docs/openapi.json. After an API change,
 * regenerate it with: ./mvnw -pl payrail-server test -Dtest=OpenApiDocumentTest -Dpayrail.openapi.write=true
 */
class OpenApiDocumentTest extends ApiTest {
    private static final Path COMMITTED = Path.of("..", "docs", "openapi.json");
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    @Test
    void served_document_matches_the_committed_one() throws Exception {
        ApiClient.Response served = new ApiClient(baseUrl(), null).get("/v1/openapi.json");
        assertThat(served.status()).isEqualTo(200);
        String pretty = JSON.writeValueAsString(JSON.treeToValue(served.body(), Object.class)) + "\n";
        if (Boolean.getBoolean("payrail.openapi.write")) {
            Files.writeString(COMMITTED, pretty);
        }
        assertThat(Files.readString(COMMITTED))
                .as("docs/openapi.json is stale: regenerate it (see this test's comment)")
                .isEqualTo(pretty);
    }

    @Test
    void every_post_declares_the_idempotency_key_and_every_payment_route_is_documented() {
        JsonNode paths = new ApiClient(baseUrl(), null).get("/v1/openapi.json").body().path("paths");

        assertThat(paths.propertyNames()).contains("/v1/payments", "/v1/payments/{id}", "/v1/payments/{id}/confirm",
                "/v1/payments/{id}/capture", "/v1/payments/{id}/cancel", "/v1/payments/{id}/events", "/v1/refunds",
                "/v1/refunds/{id}", "/v1/admin/merchants");
        for (String path : paths.propertyNames()) {
            JsonNode post = paths.path(path).path("post");
            if (!post.isMissingNode()) {
                assertThat(post.path("parameters").toString()).as(path).contains("Idempotency-Key");
            }
        }
        assertThat(paths.path("/v1/payments").path("post").path("requestBody").toString()).contains("CreatePayment");
    }

    @Test
    void every_answer_is_typed_as_json_with_the_error_shape_on_every_4xx_and_nothing_internal_is_published() {
        JsonNode document = new ApiClient(baseUrl(), null).get("/v1/openapi.json").body();
        assertThat(document.path("openapi").asString()).isEqualTo("3.0.1");
        assertThat(document.toString()).doesNotContain("*/*");
        assertThat(document.path("paths").propertyNames()).noneMatch(path -> path.startsWith("/v1/admin/console"));
        int operations = 0;
        for (String path : document.path("paths").propertyNames()) {
            for (String method : document.path("paths").path(path).propertyNames()) {
                JsonNode responses = document.path("paths").path(path).path(method).path("responses");
                String where = method.toUpperCase(java.util.Locale.ROOT) + " " + path;
                assertThat(responses.propertyNames()).as(where).anyMatch(code -> code.startsWith("2"));
                for (String code : responses.propertyNames()) {
                    JsonNode content = responses.path(code).path("content");
                    if (code.startsWith("2")) {
                        assertThat(content.propertyNames()).as(where).isNotEmpty();
                        content.forEach(media -> assertThat(media.path("schema").has("$ref")
                                || media.path("schema").path("type").asString().matches("string|array")).as(where + " " + code).isTrue());
                    } else if (code.startsWith("4")) {
                        assertThat(content.path("application/json").path("schema").path("$ref").asString()).as(where)
                                .isEqualTo("#/components/schemas/Error");
                    }
                }
                operations++;
            }
        }
        assertThat(operations).isGreaterThan(60);
        JsonNode payment = document.path("components").path("schemas").path("Payment");
        assertThat(payment.path("additionalProperties").booleanValue()).as("no undeclared field").isFalse();
        assertThat(payment.path("required").toString()).contains("\"failure_code\"");
        assertThat(payment.path("properties").path("failure_code").path("nullable").booleanValue()).isTrue();
    }

    @Test
    void an_answer_that_does_not_match_the_document_fails_the_test_that_received_it() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.payrail.server.support.DocumentedAnswers.check("GET",
                        "/v1/payments/pay_x", 200, "application/json", "{\"id\": \"pay_x\", \"object\": \"payment\"}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("does not match docs/openapi.json");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.payrail.server.support.DocumentedAnswers.check("POST",
                        "/v1/refunds", 418, "application/json", "{}"))
                .as("a status the operation does not declare").isInstanceOf(AssertionError.class);
    }
}
