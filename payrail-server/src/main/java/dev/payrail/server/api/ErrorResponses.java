package dev.payrail.server.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.List;

/**
 * Words an {@link ApiException} in the dialect of the surface the request came to ({@link ErrorDialect}; Payrail's
 * own when no other speaks for the path): for the MVC error handler, and written out for filters that run outside
 * Spring MVC.
 */
@Component
public class ErrorResponses {
    private final JsonMapper json;
    private final ObjectProvider<ErrorDialect> dialects;

    public ErrorResponses(JsonMapper json, ObjectProvider<ErrorDialect> dialects) {
        this.json = json;
        this.dialects = dialects;
    }

    public ErrorDialect.Worded word(HttpServletRequest request, ApiException error) {
        String path = request.getRequestURI();
        List<ErrorDialect> speaking = dialects.orderedStream().filter(d -> d.speaks(path)).toList();
        return speaking.isEmpty()
                ? new ErrorDialect.Worded(error.status(), error.body(RequestIds.of(request)))
                : speaking.get(0).word(error, RequestIds.of(request));
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ApiException error) throws IOException {
        ErrorDialect.Worded worded = word(request, error);
        response.setStatus(worded.status());
        response.setContentType("application/json");
        response.getOutputStream().write(json.writeValueAsBytes(worded.body()));
    }
}
