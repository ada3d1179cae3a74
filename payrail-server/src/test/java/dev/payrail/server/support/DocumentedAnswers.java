package dev.payrail.server.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Every answer an integration test receives through {@link ApiClient} is checked against the published API
 * description, docs/openapi.json (which {@code OpenApiDocumentTest} keeps equal to the served one): its status
 * must be declared for the operation, and its JSON body must match the declared schema (types, required
 * fields, nullable fields, no undeclared fields). A mismatch fails the test that received the answer. Paths the
 * document does not describe (the console's internal API, unknown routes) are not checked.
 */
public final class DocumentedAnswers {
    private static final Path DOCUMENT = Path.of("..", "docs", "openapi.json");
    private static volatile OpenApiInteractionValidator validator;

    private DocumentedAnswers() {
    }

    /** Fails with the validator's findings when the answer does not match the document. */
    public static void check(String method, String path, int status, String contentType, String body) {
        if (Boolean.getBoolean("payrail.openapi.write")) {
            return;     // the document is being regenerated: the stale one is no judge of the new answers
        }
        if (!path.startsWith("/v1/") || path.equals("/v1/openapi.json") || contentType == null || !contentType.startsWith("application/json")) {
            return;
        }
        SimpleResponse response = SimpleResponse.Builder.status(status).withContentType("application/json")
                .withBody(body == null ? "" : body).build();
        ValidationReport report = validator().validateResponse(path, Request.Method.valueOf(method.toUpperCase(Locale.ROOT)),
                response);
        if (report.hasErrors()) {
            throw new AssertionError("The answer to " + method + " " + path + " (" + status + ") does not match docs/openapi.json:\n"
                    + report.getMessages().stream().map(m -> "  - " + m.getKey() + ": " + m.getMessage())
                    .collect(Collectors.joining("\n")) + "\nbody: " + body);
        }
    }

    private static OpenApiInteractionValidator validator() {
        if (validator == null) {
            synchronized (DocumentedAnswers.class) {
                if (validator == null) {
                    try {
                        validator = OpenApiInteractionValidator.createForInlineApiSpecification(Files.readString(DOCUMENT))
                                .withLevelResolver(LevelResolver.create()
                                        // the console's internal endpoints and unknown routes are not described
                                        .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
                                        .withLevel("validation.response.path.missing", ValidationReport.Level.IGNORE)
                                        .build())
                                .build();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return validator;
    }
}
