package dev.payrail.server.providers;

import dev.payrail.core.providers.ProviderResult;
import tools.jackson.databind.JsonNode;
import dev.payrail.server.ops.TraceHeaders;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * HTTP to one provider with its connect and read timeouts. Every way of not getting an answer becomes a
 * {@link ProviderResult}: refused or timed-out connects were never sent ({@code NotReceived}); a read
 * timeout or a lost connection may have been processed ({@code OutcomeUnknown}).
 */
final class ProviderHttp {

    /** Turns a received answer into a result. */
    interface Interpretation {
        ProviderResult of(int status, JsonNode body);
    }

    private final URI baseUrl;
    private final Duration readTimeout;
    private final HttpClient http;
    private final JsonMapper json;
    private final TraceHeaders traces;

    ProviderHttp(String baseUrl, Duration connectTimeout, Duration readTimeout, JsonMapper json) {
        this(baseUrl, connectTimeout, readTimeout, json, null);
    }

    /** With {@code traces}, every request carries the caller's trace context ({@code traceparent}). */
    ProviderHttp(String baseUrl, Duration connectTimeout, Duration readTimeout, JsonMapper json, TraceHeaders traces) {
        this.traces = traces;
        this.baseUrl = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.readTimeout = readTimeout;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(readTimeout);
        if (traces != null) {
            traces.inject(request::header);
        }
        return request;
    }

    byte[] toJson(Object body) {
        return json.writeValueAsBytes(body);
    }

    ProviderResult send(HttpRequest request, Interpretation interpretation) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = response.body();
            JsonNode parsed = body.length == 0 ? json.createObjectNode() : json.readTree(body);
            return interpretation.of(response.statusCode(), parsed);
        } catch (HttpConnectTimeoutException | ConnectException notConnected) {
            return new ProviderResult.NotReceived("could not connect: " + notConnected.getClass().getSimpleName());
        } catch (HttpTimeoutException timeout) {
            return new ProviderResult.OutcomeUnknown("no answer within " + readTimeout.toMillis() + " ms");
        } catch (IOException lost) {
            return new ProviderResult.OutcomeUnknown("connection lost: " + lost.getClass().getSimpleName());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new ProviderResult.OutcomeUnknown("interrupted while waiting for the provider");
        } catch (RuntimeException unreadable) {
            return new ProviderResult.OutcomeUnknown("unreadable answer: " + unreadable.getClass().getSimpleName());
        }
    }

    /**
     * A status lookup. Its own failures say nothing about the operation asked about: a refused connection,
     * a 429 or a 503 on the lookup mean "could not ask", never "the provider has no record". Only the
     * interpretation of a real answer may say {@code NotReceived}.
     */
    ProviderResult lookup(HttpRequest request, Interpretation interpretation) {
        ProviderResult result = send(request, (status, body) -> status == 429 || status >= 500
                ? new ProviderResult.OutcomeUnknown("lookup answered " + status)
                : interpretation.of(status, body));
        if (result instanceof ProviderResult.NotReceived notConnected && notConnected.reason().startsWith("could not connect")) {
            return new ProviderResult.OutcomeUnknown("lookup " + notConnected.reason());
        }
        return result;
    }

    /** 429 and 503 are documented by both providers as "not processed, try later"; other 5xx are unknown. */
    static ProviderResult unprocessedOrUnknown(int status) {
        if (status == 429) {
            return new ProviderResult.NotReceived(ProviderResult.RATE_LIMITED);
        }
        if (status == 503) {
            return new ProviderResult.NotReceived("provider unavailable (503)");
        }
        return new ProviderResult.OutcomeUnknown("provider answered " + status);
    }
}
