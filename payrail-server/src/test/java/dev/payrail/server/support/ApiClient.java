package dev.payrail.server.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** A plain HTTP client for tests: what a merchant's integration would send, nothing mocked. */
public final class ApiClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String bearer;

    public ApiClient(String baseUrl, String bearer) {
        this.baseUrl = baseUrl;
        this.bearer = bearer;
    }

    /** An answer: status, headers and the parsed JSON body. */
    public record Response(int status, HttpResponse<String> raw, JsonNode body) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String errorCode() {
            return body.path("error").path("code").asString(null);
        }

        public String errorParam() {
            return body.path("error").path("param").asString(null);
        }

        public String text(String field) {
            return body.path(field).asString(null);
        }

        public long number(String field) {
            return body.path(field).longValue();
        }
    }

    public ApiClient as(String otherBearer) {
        return new ApiClient(baseUrl, otherBearer);
    }

    public Response post(String path, String json) {
        return post(path, json, null);
    }

    public Response post(String path, String json, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    /** The key this client sends. */
    public String bearer() {
        return bearer;
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).DELETE());
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).GET());
    }

    /** A GET whose answer is not JSON (Prometheus text, a CSV export), with this client's key if it has one. */
    public String getText(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Polls a GET until {@code done} holds, or fails after {@code timeout}. */
    public Response await(String path, Predicate<Response> done, Duration timeout) {
        Response[] last = new Response[1];
        try {
            return Eventually.await("GET " + path, timeout, () -> {
                last[0] = get(path);
                return done.test(last[0]) ? java.util.Optional.of(last[0]) : java.util.Optional.empty();
            });
        } catch (AssertionError notYet) {
            throw new AssertionError(notYet.getMessage() + "; last answer: " + (last[0] == null ? null : last[0].body()));
        }
    }

    private Response send(HttpRequest.Builder request) {
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            DocumentedAnswers.check(response.request().method(), response.uri().getPath(), response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), body);
            return new Response(response.statusCode(), response, body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body));
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
