package dev.payrail.server.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

/** Writes an {@link ApiException} as the JSON error body, for filters that run outside Spring MVC. */
@Component
public class ErrorResponses {
    private final JsonMapper json;

    public ErrorResponses(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ApiException error) throws IOException {
        response.setStatus(error.status());
        response.setContentType("application/json");
        response.getOutputStream().write(json.writeValueAsBytes(error.body(RequestIds.of(request))));
    }
}
