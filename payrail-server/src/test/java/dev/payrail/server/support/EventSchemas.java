package dev.payrail.server.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.fge.jsonschema.core.report.ProcessingReport;
import com.github.fge.jsonschema.main.JsonSchemaFactory;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The published JSON Schemas of events (docs/events/), as a merchant would validate with them. */
public final class EventSchemas {
    public static final Path DIRECTORY = Path.of("..", "docs", "events");
    // the validator library speaks Jackson 2
    private static final ObjectMapper JACKSON2 = new ObjectMapper();

    private EventSchemas() {
    }

    /** Validates an event against the schema of its own type; the report says what is wrong. */
    public static ProcessingReport validate(JsonNode event) {
        String type = event.path("type").asString();
        try {
            return JsonSchemaFactory.byDefault()
                    .getJsonSchema(JACKSON2.readTree(Files.readString(DIRECTORY.resolve(type + ".schema.json"))))
                    .validate(JACKSON2.readTree(event.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("no readable schema for " + type, e);
        } catch (com.github.fge.jsonschema.core.exceptions.ProcessingException e) {
            throw new IllegalStateException("schema of " + type + " is not usable", e);
        }
    }
}
