package dev.payrail.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
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
 * POST /sim/faults                             {"mode": "none|error_500|unavailable_503|rate_limited_429", "latency_ms": N}
 * POST /sim/disputes, /sim/disputes/{id}       raise or move a dispute; its webhook goes to the URL given ({@link SimDisputes})
 * POST /sim/early_fraud_warnings               the issuer's fraud report on a payment, as a webhook to the URL given
 * POST /sim/issuer/instructions                the next answers of one card's issuer ({@link SimNetwork})
 * POST /sim/network/reissues                   an issuer reissues a card (new number and/or expiry), in memory only
 * POST /sim/clock                              {"month": "2027-07"}: the issuers' month, for expiries (null: today's)
 * POST /v1/account_updates                     the account updater: which of the cards asked about were reissued
 * POST /v1/payouts, GET /v1/payouts/{id}       native and Stripe-shaped payouts ({@link SimPayouts})
 * POST /pal/servlet/Payout/v68/submitThirdParty Adyen-shaped payouts, outcome by notification ({@link AdyenPayouts})
 * GET  /sim/reports/settlement?face=stripe|adyen&inject=...   settlement reports with injected discrepancies ({@link SimReports})
 * GET|POST /sim/3ds/challenge/{id}            the issuer's 3-D Secure challenge page ({@link SimAcs})
 * GET|POST /sim/bank/{id}                     the customer's bank of a bank-redirect payment ({@link SimBank})
 * Stripe-shaped:  /v1/payment_methods, /v1/payment_intents[/{id}[/capture|/cancel]], /v1/payment_intents/search, /v1/refunds
 *                 (cards, and iDEAL: payment_method_data[type]=ideal, processing until the bank settles)
 * Adyen-shaped:   /v71/payments, /v71/payments/details, /v71/payments/{pspReference}/captures|cancels|refunds
 * </pre>
 * An authorization may ask for 3-D Secure (native {@code three_d_secure: "any"}, Stripe's
 * {@code payment_method_options[card][request_three_d_secure]}, Adyen's {@code authenticationData}); the test cards'
 * issuers demand it or not ({@link TestCard.Authentication}). A challenge answers {@code requires_action} (Stripe's
 * {@code next_action.redirect_to_url}, Adyen's {@code RedirectShopper} action); once the customer answers it, the
 * Stripe and Adyen faces notify by webhook (when a target is set) and the customer's browser goes to the return URL.
 * Stored credentials ({@link SimNetwork}): a payment that stores the card (native {@code stored_credential.series: first},
 * Stripe's {@code setup_future_usage}, Adyen's {@code storePaymentMethod}) opens a series under its network transaction
 * id; a merchant-initiated one (native {@code initiator: merchant}, Stripe's {@code off_session}, Adyen's
 * {@code ContAuth}) that does not cite a known series is declined {@code authentication_required} by issuers that
 * demand authentication.
 * Native POSTs require an Idempotency-Key; on every face a repeated key is answered from memory.
 */
public final class ProviderSimulator implements AutoCloseable {

    private static final Pattern AUTH_ACTION = Pattern.compile("^/v1/authorizations/([A-Za-z0-9_]+)/(capture|void|refunds)$");
    private static final Pattern AUTH = Pattern.compile("^/v1/authorizations/([A-Za-z0-9_]+)$");
    private static final Pattern OPERATION = Pattern.compile("^/v1/operations/([^/]+)$");
    private static final Pattern PAYOUT = Pattern.compile("^/v1/payouts/([A-Za-z0-9_]+)$");
    private static final Pattern SIM_DISPUTE = Pattern.compile("^/sim/disputes/([A-Za-z0-9_]+)$");
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final JsonMapper json = JsonMapper.builder().build();
    private final SimulatorSettings settings;
    private final SimJournal journal;
    private final Acquirer acquirer;
    private final SimPayouts payouts;
    private final TraceContexts traces = new TraceContexts();
    private final SimDisputes disputes;
    private final AdyenPayouts adyenPayouts;
    private final SimReports reports;
    private final StripeFace stripe;
    private final StripeVersions stripeVersions = new StripeVersions();
    private final AdyenFace adyen;
    private final Faults faults = new Faults();
    private final SimNotifier notifier;
    private final java.util.Deque<Exchange> recorded = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final java.util.concurrent.atomic.AtomicInteger recordedCount = new java.util.concurrent.atomic.AtomicInteger();
    private final InetAddress bindAddress;
    private volatile int boundPort;
    private volatile HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "provider-sim");
        t.setDaemon(true);
        return t;
    });

    /** One request as received and the answer sent: contract tests validate both against the providers' specs. */
    public record Exchange(String method, String path, String query, Map<String, String> headers, String requestBody,
                           int status, String responseBody) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    private ProviderSimulator(SimulatorSettings settings, InetAddress bindAddress) throws IOException {
        this.settings = settings;
        this.journal = settings.stateFile() == null ? SimJournal.none() : SimJournal.open(settings.stateFile());
        this.acquirer = new Acquirer(settings, journal, this::baseUrl);
        this.notifier = new SimNotifier(acquirer);
        this.payouts = new SimPayouts(acquirer, settings);
        this.disputes = new SimDisputes(acquirer, json, traces);
        this.adyenPayouts = new AdyenPayouts(acquirer, settings, json);
        this.stripe = new StripeFace(acquirer, notifier);
        this.adyen = new AdyenFace(acquirer, notifier);
        this.reports = new SimReports(stripe, adyen);
        this.bindAddress = bindAddress;
        this.server = listen(settings.port());
        this.boundPort = server.getAddress().getPort();
    }

    private HttpServer listen(int port) throws IOException {
        HttpServer created = HttpServer.create(new InetSocketAddress(bindAddress, port), 512);
        created.createContext("/", this::handle);
        created.setExecutor(workers);
        return created;
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
        return boundPort;
    }

    /**
     * Where the Adyen face sends its payout notifications (Payrail's /v1/provider-webhooks/{provider}), signed
     * with {@code hmacKey} (hex). Until set, payouts are accepted and nothing is notified.
     */
    public void notifyAdyenWebhooksTo(String url, String hmacKey) {
        adyenPayouts.notifyTo(new AdyenPayouts.WebhookTarget(url, hmacKey));
        notifier.adyenTo(new SimNotifier.Target(url, hmacKey));
    }

    /** Where the Stripe face sends its payment events (a challenge answered), signed with {@code secret} (whsec_...). */
    public void notifyStripeWebhooksTo(String url, String secret) {
        notifier.stripeTo(new SimNotifier.Target(url, secret));
    }

    public String baseUrl() {
        return "http://" + bindAddress.getHostAddress() + ":" + boundPort;
    }

    /** Fault injection: every provider call answers an error or is delayed until cleared. */
    public Faults faults() {
        return faults;
    }

    /** Stops listening: connections are refused, as when a provider is down. What it recorded is kept. */
    public synchronized void goDown() {
        server.stop(0);
    }

    /** Listens again on the same port after {@link #goDown()}. */
    public synchronized void comeBack() throws IOException {
        server = listen(boundPort);
        server.start();
    }

    /** The last requests received (at most 2,000), oldest first. */
    public java.util.List<Exchange> recordedExchanges() {
        return java.util.List.copyOf(recorded);
    }

    /** Authorizations that approved and took money: a duplicate charge shows up here. */
    public long executedCharges() {
        return acquirer.executedCharges();
    }

    @Override
    public synchronized void close() {
        server.stop(0);
        workers.shutdownNow();
        adyenPayouts.close();
        acquirer.bank().close();
        notifier.close();
        journal.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (SimAcs.handles(exchange.getRequestURI().getPath()) || SimBank.handles(exchange.getRequestURI().getPath())) {
            try (exchange) {
                // HTML for the customer's browser, not the JSON of the APIs
                if (SimBank.handles(exchange.getRequestURI().getPath())) {
                    acquirer.bank().handle(exchange);
                } else {
                    acquirer.acs().handle(exchange);
                }
            } catch (IOException browserGone) {
                // the customer closed the page
            }
            return;
        }
        try (exchange) {
            byte[] requestBody = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
            SimResponse response = route(exchange, requestBody);
            traces.remember(exchange.getRequestHeaders().getFirst("traceparent"), response.body());
            pause(settings.baseLatency().plus(faults.extraLatency()).plus(response.delay()));
            byte[] body = json.writeValueAsBytes(response.body());
            record(exchange, requestBody, response.status(), body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(response.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException clientGone) {
            // The caller timed out and closed the connection: expected for the charge-then-timeout card.
        }
    }

    private void record(HttpExchange exchange, byte[] requestBody, int status, byte[] responseBody) {
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/sim/")) {
            return;
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
        recorded.addLast(new Exchange(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(), headers,
                new String(requestBody, StandardCharsets.UTF_8), status, new String(responseBody, StandardCharsets.UTF_8)));
        // counted apart: the deque's size() walks all 2,000 entries, and was the top frame of a JFR profile under load
        if (recordedCount.incrementAndGet() > 2000 && recorded.pollFirst() != null) {
            recordedCount.decrementAndGet();
        }
    }

    private SimResponse route(HttpExchange exchange, byte[] rawBody) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (path.startsWith("/sim/")) {
            return "POST".equals(method) ? routeSim(path, rawBody) : routeGet(path, exchange.getRequestURI().getQuery());
        }
        if (rawBody.length > MAX_BODY_BYTES) {
            return SimResponse.error(413, "invalid_request", "body_too_large", "request body too large");
        }
        Faults.Mode fault = faults.mode();
        if (fault != Faults.Mode.NONE) {
            return injected(fault, path);
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if ("/v1/payouts".equals(path) && "POST".equals(method) && contentType != null
                && contentType.startsWith("application/x-www-form-urlencoded")) {
            // Stripe's payouts share the path with the native face; Stripe bodies are forms, native ones JSON
            return payouts.createStripe(key, FormBody.parse(new String(rawBody, StandardCharsets.UTF_8)));
        }
        if ("/v1/payouts".equals(path) && "GET".equals(method)) {
            return SimResponse.ok(StripeFace.list("list", "/v1/payouts", payouts.stripeList()));
        }
        if (StripeFace.handles(path)) {
            String form = new String(rawBody, StandardCharsets.UTF_8);
            String query = exchange.getRequestURI().getRawQuery();
            SimResponse answer = "POST".equals(method) ? stripe.post(path, key, form) : stripe.get(path, query);
            return stripeVersions.shaped(answer, exchange.getRequestHeaders().getFirst("Stripe-Version"),
                    "POST".equals(method) ? form : query);
        }
        if ("GET".equals(method)) {
            return routeGet(path, exchange.getRequestURI().getQuery());
        }
        if (!"POST".equals(method)) {
            return SimResponse.error(405, "invalid_request", "method_not_allowed", method + " not allowed");
        }
        Map<String, Object> request;
        try {
            request = readBody(rawBody);
        } catch (JacksonException | IllegalArgumentException bad) {
            return SimResponse.error(400, "invalid_request", "body_invalid", "request body must be a JSON object");
        }
        if (AdyenFace.handles(path)) {
            return adyen.post(path, key, exchange.getRequestHeaders().getFirst("X-API-Key"), request);
        }
        if (AdyenPayouts.handles(path)) {
            return adyenPayouts.post(path, key, exchange.getRequestHeaders().getFirst("X-API-Key"), request);
        }
        if (key == null || key.isBlank()) {
            return SimResponse.error(400, "invalid_request", "idempotency_key_missing", "Idempotency-Key is required");
        }
        if ("/v1/authorizations".equals(path)) {
            return acquirer.authorize(key, request);
        }
        if ("/v1/payouts".equals(path)) {
            return payouts.create(key, request);
        }
        if ("/v1/account_updates".equals(path)) {
            return acquirer.network().accountUpdates(request);
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
        if ("/sim/stripe/api_versions".equals(path)) {
            return SimResponse.ok(stripeVersions.received());
        }
        Matcher op = OPERATION.matcher(path);
        if (op.matches()) {
            return acquirer.lookup(op.group(1)).map(SimResponse::ok)
                    .orElseGet(() -> SimResponse.error(404, "invalid_request", "resource_missing", "no operation with that key"));
        }
        Matcher payout = PAYOUT.matcher(path);
        if (payout.matches()) {
            return payouts.get(payout.group(1)).map(SimResponse::ok)
                    .orElseGet(() -> SimResponse.error(404, "invalid_request", "resource_missing", "no such payout"));
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
        if ("/sim/reports/settlement".equals(path)) {
            Map<String, String> params = new java.util.HashMap<>();
            if (query != null) {
                for (String pair : query.split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        params.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    }
                }
            }
            return reports.settlement(params);
        }
        if ("/health".equals(path)) {
            return SimResponse.ok(Map.of("status", "up"));
        }
        return SimResponse.error(404, "invalid_request", "not_found", "no route for GET " + path);
    }

    /** A fault answers in the face's own error shape, and nothing is executed. */
    private static SimResponse injected(Faults.Mode fault, String path) {
        int status = switch (fault) {
            case ERROR_500 -> 500;
            case UNAVAILABLE_503 -> 503;
            default -> 429;
        };
        String message = status == 429 ? "Too many requests hit the API too quickly." : "Simulated provider fault.";
        if (StripeFace.handles(path)) {
            return StripeFace.error(status, status == 429 ? "rate_limit_error" : "api_error", null, message, null);
        }
        if (AdyenFace.handles(path) || AdyenPayouts.handles(path)) {
            return AdyenFace.serviceError(status, status == 429 ? "429" : "905", message, "internal");
        }
        return SimResponse.error(status, "api_error", status == 429 ? "rate_limited" : "unavailable", message);
    }

    /** The simulator's own controls: faults, and disputes raised by the simulated issuer. */
    private SimResponse routeSim(String path, byte[] rawBody) {
        if ("/sim/faults".equals(path)) {
            return setFaults(rawBody);
        }
        Map<String, Object> request;
        try {
            request = readBody(rawBody);
        } catch (JacksonException | IllegalArgumentException bad) {
            return SimResponse.error(400, "invalid_request", "body_invalid", "request body must be a JSON object");
        }
        if ("/sim/disputes".equals(path)) {
            return disputes.open(request);
        }
        if ("/sim/early_fraud_warnings".equals(path)) {
            return disputes.warn(request);
        }
        if ("/sim/issuer/instructions".equals(path)) {
            return acquirer.network().instruct(request);
        }
        if ("/sim/network/reissues".equals(path)) {
            return acquirer.network().reissue(request);
        }
        if ("/sim/clock".equals(path)) {
            return acquirer.setClock(request);
        }
        Matcher dispute = SIM_DISPUTE.matcher(path);
        if (dispute.matches()) {
            return disputes.update(dispute.group(1), request);
        }
        return SimResponse.error(404, "invalid_request", "not_found", "no route for POST " + path);
    }

    @SuppressWarnings("unchecked")
    private SimResponse setFaults(byte[] rawBody) {
        try {
            Map<String, Object> request = readBody(rawBody);
            Object latency = request.getOrDefault("latency_ms", 0);
            faults.set(Faults.parse(String.valueOf(request.getOrDefault("mode", "none"))),
                    Duration.ofMillis(((Number) latency).longValue()));
            return SimResponse.ok(Map.of("mode", faults.mode().name().toLowerCase(java.util.Locale.ROOT),
                    "latency_ms", faults.extraLatency().toMillis()));
        } catch (RuntimeException bad) {
            return SimResponse.error(400, "invalid_request", "faults_invalid",
                    "send {\"mode\": \"none|error_500|unavailable_503|rate_limited_429\", \"latency_ms\": N}");
        }
    }

    private Map<String, Object> readBody(byte[] bytes) {
        if (bytes.length == 0) {
            return Map.of();
        }
        Map<String, Object> body = json.readValue(new String(bytes, StandardCharsets.UTF_8), new TypeReference<Map<String, Object>>() {
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
