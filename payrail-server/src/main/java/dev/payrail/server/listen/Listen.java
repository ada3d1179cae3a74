package dev.payrail.server.listen;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.payrail.core.webhooks.SignatureCheck;
import dev.payrail.core.webhooks.StripeSignature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code ./payrail listen}: receives a merchant's events on this machine, as {@code stripe listen} does. It
 * listens on a loopback port, registers that address as a webhook endpoint of the merchant (test keys may point at
 * loopback while Payrail is not in production mode), verifies each delivery's {@code Payrail-Signature} with the
 * endpoint's secret, prints one line per event (and the event itself with {@code --print-json}), optionally
 * forwards it unchanged to the merchant's own local handler ({@code --forward-to}), and deletes the endpoint when
 * stopped. It is a client of the public API only: nothing here reaches into the server.
 */
public final class Listen implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    /** What to listen for, and where. */
    public record Options(String payrailUrl, String apiKey, int port, List<String> events, URI forwardTo, boolean printJson) {
    }

    private final Options options;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpServer server;
    private final String endpointId;
    private final String secret;

    private Listen(Options options, PrintStream out) throws IOException, InterruptedException {
        this.options = options;
        this.out = out;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 50);
        server.createContext("/events", this::receive);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
        JsonNode endpoint = register(url);
        this.endpointId = endpoint.path("id").asString();
        this.secret = endpoint.path("secret").asString();
    }

    /** Starts listening and registers the endpoint; {@link #close()} deletes it and stops. */
    public static Listen start(Options options, PrintStream out) throws IOException, InterruptedException {
        Listen listen = new Listen(options, out);
        out.println("Ready! Receiving events for " + String.join(", ", options.events()) + " at " + listen.address()
                + " (endpoint " + listen.endpointId + ")");
        out.println("Signing secret: " + listen.secret + "   (Ctrl-C to stop; the endpoint is deleted)");
        return listen;
    }

    public String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
    }

    public String endpointId() {
        return endpointId;
    }

    private JsonNode register(String url) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(java.util.Map.of("url", url, "enabled_events", options.events()));
        HttpResponse<String> created = http.send(api("/v1/webhook_endpoints")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(created.body());
        if (created.statusCode() != 200) {
            server.stop(0);
            throw new IOException("Payrail refused the endpoint (" + created.statusCode() + "): "
                    + answer.path("error").path("message").asString(created.body()));
        }
        return answer;
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst("Payrail-Signature");
            SignatureCheck check = signature == null ? null
                    : StripeSignature.verify(signature, body, List.of(secret), Instant.now(), TOLERANCE);
            boolean verified = check != null && check.valid();
            JsonNode event = JSON.readTree(body);
            JsonNode object = event.path("data").path("object");
            out.printf("%s  --> %s [%s] %s %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), event.path("type").asString("?"),
                    event.path("id").asString("?"), object.path("id").asString(""),
                    verified ? "(signature verified)" : "(SIGNATURE INVALID: " + (check == null ? "no header" : check.reason()) + ")");
            if (options.printJson()) {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(event));
            }
            int status = verified ? forward(exchange, body) : 400;
            exchange.sendResponseHeaders(status, -1);
        }
    }

    /** Sends the event on, byte for byte with its signature, to the merchant's handler; answers with its status. */
    private int forward(HttpExchange exchange, byte[] body) {
        if (options.forwardTo() == null) {
            return 200;
        }
        try {
            HttpResponse<Void> answered = http.send(HttpRequest.newBuilder(options.forwardTo()).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Payrail-Signature", exchange.getRequestHeaders().getFirst("Payrail-Signature"))
                    .header("Payrail-Event-Id", String.valueOf(exchange.getRequestHeaders().getFirst("Payrail-Event-Id")))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
            out.printf("%s  <-- [%d] POST %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), answered.statusCode(), options.forwardTo());
            return answered.statusCode();
        } catch (IOException e) {
            out.printf("%s  <-- forwarding to %s failed: %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), options.forwardTo(), e);
            return 502;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 503;
        }
    }

    private HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(URI.create(options.payrailUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + options.apiKey());
    }

    @Override
    public void close() {
        server.stop(0);
        try {
            http.send(api("/v1/webhook_endpoints/" + endpointId).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            out.println("Could not delete endpoint " + endpointId + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
