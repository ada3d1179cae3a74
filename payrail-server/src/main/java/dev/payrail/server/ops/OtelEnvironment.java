package dev.payrail.server.ops;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the standard OpenTelemetry environment variables into Spring Boot's settings, so that Payrail is
 * configured like any other OTel-instrumented service: {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (or
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} plus {@code /v1/traces}), {@code OTEL_EXPORTER_OTLP_HEADERS},
 * {@code OTEL_TRACES_SAMPLER_ARG}, {@code OTEL_SERVICE_NAME}. Without an endpoint nothing is exported (the
 * embedded start exports nothing); trace ids still flow through logs, provider calls and deliveries.
 * Explicit {@code management.*} settings win: this source comes last.
 */
public class OtelEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("otel-environment", settings(System.getenv())));
    }

    static Map<String, Object> settings(Map<String, String> env) {
        Map<String, Object> settings = new HashMap<>();
        String traces = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        String base = env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (blank(traces) && !blank(base)) {
            traces = base.replaceAll("/+$", "") + "/v1/traces";
        }
        if (!blank(traces)) {
            settings.put("management.opentelemetry.tracing.export.otlp.endpoint", traces);
        }
        if (!blank(env.get("OTEL_EXPORTER_OTLP_HEADERS"))) {
            for (String pair : env.get("OTEL_EXPORTER_OTLP_HEADERS").split(",")) {
                String[] keyValue = pair.split("=", 2);
                if (keyValue.length == 2) {
                    settings.put("management.opentelemetry.tracing.export.otlp.headers." + keyValue[0].strip(),
                            keyValue[1].strip());
                }
            }
        }
        if (!blank(env.get("OTEL_TRACES_SAMPLER_ARG"))) {
            settings.put("management.tracing.sampling.probability", env.get("OTEL_TRACES_SAMPLER_ARG"));
        }
        if (!blank(env.get("OTEL_SERVICE_NAME"))) {
            settings.put("spring.application.name", env.get("OTEL_SERVICE_NAME"));
        }
        return settings;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
