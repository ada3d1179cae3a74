package dev.payrail.server.ops;

import com.sun.net.httpserver.HttpServer;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With an OTLP endpoint configured, spans leave Payrail: a stand-in collector on loopback receives
 * OTLP/HTTP protobuf posts on /v1/traces carrying the span names of a payment (the server request and the
 * provider call).
 */
class OtlpExportTest extends ApiTest {
    private static final List<byte[]> EXPORTS = new CopyOnWriteArrayList<>();
    private static final HttpServer COLLECTOR = collector();

    @DynamicPropertySource
    static void exportToTheCollector(DynamicPropertyRegistry registry) {
        registry.add("management.opentelemetry.tracing.export.otlp.endpoint",
                () -> "http://127.0.0.1:" + COLLECTOR.getAddress().getPort() + "/v1/traces");
        registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "200ms");
    }

    @AfterAll
    static void stopCollector() {
        COLLECTOR.stop(0);
    }

    @Test
    void a_payments_spans_are_exported_over_otlp() {
        api.post("/v1/payments", payment(1_000, "usd", "automatic", VISA));

        // spans are exported in batches as they end; the request's span ends after its provider call's
        String all = Eventually.await("the request's and the provider call's spans exported", Duration.ofSeconds(10), () -> {
            String exported = String.join("\n", EXPORTS.stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList());
            return exported.contains("provider.simulator.authorize") && exported.contains("http post /v1/payments")
                    ? Optional.of(exported) : Optional.empty();
        }, () -> "(" + EXPORTS.size() + " exports received)");
        assertThat(all).contains("service.name").contains("payrail");
    }

    private static HttpServer collector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
            server.createContext("/v1/traces", exchange -> {
                EXPORTS.add(exchange.getRequestBody().readAllBytes());
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
