package dev.payrail.server.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.sun.net.httpserver.HttpServer;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.Eventually;
import dev.payrail.server.support.ProviderWebhooks;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One W3C trace from the merchant's request through every hop: the provider call, the provider's later
 * webhook (the simulator sends it with the payment's trace, as tracing-aware gateways do), the worker that
 * applies it, and the signed deliveries of the resulting events to the merchant; and the trace id on the
 * request's log lines.
 */
class TracingTest extends ApiTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void a_merchants_trace_reaches_the_provider_the_webhook_worker_and_the_deliveries() throws Exception {
        List<Map<String, String>> deliveries = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        receiver.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String type = body.replaceAll("(?s).*?\"type\"\\s*:\\s*\"([a-z_.]+)\".*", "$1");
            String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
            deliveries.add(Map.of("type", type, "traceparent", traceparent == null ? "" : traceparent));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        List<ILoggingEvent> lines = new CopyOnWriteArrayList<>();
        AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                lines.add(event);
            }
        };
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        capture.setContext(root.getLoggerContext());
        capture.start();
        root.addAppender(capture);
        try {
            api.post("/v1/webhook_endpoints", "{\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks\"}");
            new ApiClient(baseUrl(), ADMIN_TOKEN).post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"trace-" + merchantId
                    + "\", \"merchants\": [\"" + merchantId + "\"], \"targets\": [{\"provider\": \"stripe\", \"weight\": 1}]}]}");

            // the merchant's request, with its own trace context
            HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/payments"))
                    .header("Authorization", "Bearer " + api.bearer()).header("Content-Type", "application/json")
                    .header("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01")
                    .POST(HttpRequest.BodyPublishers.ofString(payment(4_000, "usd", "automatic", VISA))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            String paymentId = created.body().replaceAll("(?s).*?\"id\":\"(pay_[A-Za-z0-9]+)\".*", "$1");
            String intent = api.get("/v1/payments/" + paymentId).text("provider_reference");

            // 1. the provider received the trace, in a span of Payrail's own (not the merchant's span id)
            var authorize = providerEndpoints.get("stripe").simulator().orElseThrow().recordedExchanges().stream()
                    .filter(e -> e.path().equals("/v1/payment_intents") && e.responseBody().contains(intent)).findFirst();
            assertThat(authorize).isPresent();
            String sent = authorize.get().headers().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("traceparent"))
                    .map(Map.Entry::getValue).findFirst().orElse("");
            assertThat(sent).startsWith("00-" + TRACE + "-").doesNotContain("00f067aa0ba902b7");

            // 2. the payment's events reach the merchant with the trace
            Eventually.await("payment.succeeded delivered", Duration.ofSeconds(10), () -> deliveries.stream()
                    .filter(d -> d.get("type").equals("payment.succeeded")).findFirst());
            assertThat(deliveries).filteredOn(d -> d.get("type").startsWith("payment."))
                    .allSatisfy(d -> assertThat(d.get("traceparent")).startsWith("00-" + TRACE + "-"));

            // 3. the provider's webhook about the payment comes back with it, and so does what it causes
            String simulatorUrl = providerEndpoints.get("stripe").simulator().orElseThrow().baseUrl();
            ApiClient.Response raised = new ApiClient(simulatorUrl, null).post("/sim/disputes", "{\"face\": \"stripe\", "
                    + "\"payment\": \"" + intent + "\", \"amount\": 4000, \"currency\": \"usd\", \"webhook_url\": \"" + baseUrl()
                    + "/v1/provider-webhooks/stripe\", \"webhook_secret\": \"" + ProviderWebhooks.STRIPE_SECRET + "\"}");
            assertThat(raised.body().path("webhook_status").intValue()).isEqualTo(200);
            assertThat(jdbc.sql("select traceparent from provider_events where payload->'data'->'object'->>'payment_intent' = ?")
                    .param(intent).query(String.class).single()).startsWith("00-" + TRACE + "-");
            Map<String, String> dispute = Eventually.await("dispute.created delivered", Duration.ofSeconds(10), () ->
                    deliveries.stream().filter(d -> d.get("type").equals("dispute.created")).findFirst());
            assertThat(dispute.get("traceparent")).startsWith("00-" + TRACE + "-");

            // 4. the request's own log lines carry the trace id
            assertThat(lines).filteredOn(e -> paymentId.equals(e.getMDCPropertyMap().get("payment_id")))
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getMDCPropertyMap().get("traceId")).isEqualTo(TRACE));
        } finally {
            root.detachAppender(capture);
            receiver.stop(0);
        }
    }

    @Test
    void without_a_caller_trace_each_request_starts_its_own_and_the_standard_otel_variables_configure_export() {
        String paid = api.post("/v1/payments", payment(1_000, "usd", "automatic", VISA)).text("id");
        assertThat(jdbc.sql("select traceparent from payment_events where payment_id = ? and type = 'payment.succeeded'")
                .param(paid).query(String.class).single()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]")
                .doesNotContain(TRACE);

        assertThat(OtelEnvironment.settings(Map.of())).isEmpty();
        assertThat(OtelEnvironment.settings(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/",
                "OTEL_EXPORTER_OTLP_HEADERS", "api-key=abc, team=payments", "OTEL_TRACES_SAMPLER_ARG", "0.25",
                "OTEL_SERVICE_NAME", "payrail-eu")))
                .containsEntry("management.opentelemetry.tracing.export.otlp.endpoint", "http://collector:4318/v1/traces")
                .containsEntry("management.opentelemetry.tracing.export.otlp.headers.api-key", "abc")
                .containsEntry("management.opentelemetry.tracing.export.otlp.headers.team", "payments")
                .containsEntry("management.tracing.sampling.probability", "0.25")
                .containsEntry("spring.application.name", "payrail-eu");
        assertThat(OtelEnvironment.settings(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://a:4318",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://b:4318/v1/traces")))
                .containsEntry("management.opentelemetry.tracing.export.otlp.endpoint", "http://b:4318/v1/traces");
    }
}
