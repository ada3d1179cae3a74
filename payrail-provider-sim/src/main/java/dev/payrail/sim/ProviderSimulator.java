package dev.payrail.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator's HTTP face: a small acquirer API over real HTTP on one port.
 * <pre>
 * POST /v1/authorizations                      authorize (capture=true to capture at once)
 * POST /v1/authorizations/{id}/capture         capture all or part
 * POST /v1/authorizations/{id}/void            release an uncaptured authorization
 * POST /v1/authorizations/{id}/refunds         refund part of a capture
 * GET  /v1/authorizations/{id}                 current state
 * GET  /v1/operations/{idempotency_key}        what a keyed request did, if it arrived (status lookup)
 * GET  /sim/authorizations?payment_reference=  every authorization for one Payrail payment (for tests)
 * </pre>
 * Every POST requires an Idempotency-Key; a repeat is answered from memory.
 */
public final class ProviderSimulator implements AutoCloseable {

    private static final Pattern AUTH_ACTION = Pattern.compile("^/v1/authorizations/([A-Za-z0-9_]+)/(capture|void|refunds)$");
    private static final Pattern AUTH = Pattern.compile("^/v1/authorizations/([A-Za-z0-9_]+)$");
    private static final Pattern OPERATION = Pattern.compile("^/v1/operations/([^/]+)$");
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final JsonMapper json = JsonMapper.builder().build();
    private final SimulatorSettings settings;
    private final Acquirer acquirer;
    private final HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "provider-sim");
        t.setDaemon(true);
        return t;
    });

    private ProviderSimulator(SimulatorSettings settings, InetAddress bindAddress) throws IOException {
        this.settings = settings;
        this.acquirer = new Acquirer(settings);
        this.server = HttpServer.create(new InetSocketAddress(bindAddress, settings.port()), 512);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
    }

    /** Starts on loopback; port 0 picks a free one. */
    public static ProviderSimulator startOnLoopback(SimulatorSettings settings) throws IOException {
        return start(settings, InetAddress.getLoopbackAddress());
    }

    public static ProviderSimulator start(SimulatorSettings settings, InetAddress bindAddress) throws IOException {
        ProviderSimulator simulator = new ProviderSimulator(settings, bindAddress);
        simulator.server.start();
        return simulator;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + port();
    }

    /** Authorizations that approved and took money: a duplicate charge shows up here. */
    public long executedCharges() {
        return acquirer.executedCharges();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            SimResponse response = route(exchange);
            pause(settings.baseLatency().plus(response.delay()));
            byte[] body = json.writeValueAsBytes(response.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(response.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException clientGone) {
            // The caller timed out and closed the connection: expected for the charge-then-timeout card.
        }
    }

    private SimResponse route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if ("GET".equals(method)) {
            return routeGet(path, exchange.getRequestURI().getQuery());
        }
        if (!"POST".equals(method)) {
            return SimResponse.error(405, "invalid_request", "method_not_allowed", method + " not allowed");
        }
        Map<String, Object> request;
        try {
            request = readBody(exchange.getRequestBody());
        } catch (JacksonException | IllegalArgumentException bad) {
            return SimResponse.error(400, "invalid_request", "body_invalid", "request body must be a JSON object");
        }
        if ("/v1/authorizations".equals(path)) {
            return acquirer.authorize(key, request);
        }
        Matcher action = AUTH_ACTION.matcher(path);
        if (action.matches()) {
            String id = action.group(1);
            return switch (action.group(2)) {
                case "capture" -> acquirer.capture(key, id, request);
                case "void" -> acquirer.voidAuthorization(key, id);
                default -> acquirer.refund(key, id, request);
            };
        }
        return SimResponse.error(404, "invalid_request", "not_found", "no route for POST " + path);
    }

    private SimResponse routeGet(String path, String query) {
        Matcher op = OPERATION.matcher(path);
        if (op.matches()) {
            return acquirer.lookup(op.group(1)).map(SimResponse::ok)
                    .orElseGet(() -> SimResponse.error(404, "invalid_request", "resource_missing", "no operation with that key"));
        }
        Matcher auth = AUTH.matcher(path);
        if (auth.matches()) {
            return acquirer.authorization(auth.group(1)).map(a -> SimResponse.ok(a.toJson()))
                    .orElseGet(() -> SimResponse.error(404, "invalid_request", "resource_missing", "no such authorization"));
        }
        if ("/sim/authorizations".equals(path) && query != null && query.startsWith("payment_reference=")) {
            List<Map<String, Object>> found = acquirer.authorizationsFor(query.substring("payment_reference=".length()));
            return SimResponse.ok(Map.of("data", found));
        }
        if ("/health".equals(path)) {
            return SimResponse.ok(Map.of("status", "up"));
        }
        return SimResponse.error(404, "invalid_request", "not_found", "no route for GET " + path);
    }

    private Map<String, Object> readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("body too large");
        }
        if (bytes.length == 0) {
            return Map.of();
        }
        Map<String, Object> body = json.readValue(new String(bytes, StandardCharsets.UTF_8), new TypeReference<>() {
        });
        if (body == null) {
            throw new IllegalArgumentException("body must be an object");
        }
        return body;
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
