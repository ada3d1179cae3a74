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
}
