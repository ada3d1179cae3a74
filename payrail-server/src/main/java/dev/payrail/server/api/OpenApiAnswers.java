package dev.payrail.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * What each operation answers, exactly: the object schemas (every field typed, required, nullable where it may be
 * null, no other field) and, per operationId, the success status and the schema of its body, from
 * {@code openapi/answers.json}. The controllers build their answers as ordered maps (the API's key order is part of
 * its shape), so the schemas are written out rather than derived from Java types; the tests check every answer
 * they receive against the published document, which is what keeps the two true to each other.
 */
final class OpenApiAnswers {
    private static final String RESOURCE = "/openapi/answers.json";

    private OpenApiAnswers() {
    }

    static void apply(OpenAPI openApi) {
        JsonNode answers = read();
        for (Iterator<Map.Entry<String, JsonNode>> it = answers.path("schemas").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> schema = it.next();
            openApi.getComponents().addSchemas(schema.getKey(), Json.mapper().convertValue(schema.getValue(), Schema.class));
        }
        JsonNode byOperation = answers.path("answers");
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            JsonNode answer = byOperation.path(String.valueOf(operation.getOperationId()));
            if (!answer.isMissingNode()) {
                answerWith(operation, answer.path("status").asText(), content(answer));
            }
        }));
    }

    /** A named schema as JSON, or (for the streamed exports) a schema per media type. */
    private static Content content(JsonNode answer) {
        Content content = new Content();
        if (answer.has("schema")) {
            return content.addMediaType("application/json",
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + answer.path("schema").asText())));
        }
        answer.path("media").fields().forEachRemaining(media -> content.addMediaType(media.getKey(),
                new MediaType().schema(Json.mapper().convertValue(media.getValue(), Schema.class))));
        return content;
    }

    private static void answerWith(Operation operation, String status, Content content) {
        ApiResponses responses = operation.getResponses();
        String description = responses.containsKey(status) ? responses.get(status).getDescription() : "The answer";
        responses.keySet().removeIf(code -> code.startsWith("2"));
        responses.addApiResponse(status, new ApiResponse().description(description == null ? "The answer" : description)
                .content(content));
    }

    private static JsonNode read() {
        try (InputStream in = OpenApiAnswers.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
