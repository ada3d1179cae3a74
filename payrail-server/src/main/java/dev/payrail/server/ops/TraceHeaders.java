package dev.payrail.server.ops;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * W3C trace context across Payrail's hops: into provider requests and merchant deliveries as a
 * {@code traceparent} header, and through the database for work done later (the inbox worker, the delivery
 * worker), where a span continues the trace of the request that stored the work.
 */
@Component
public class TraceHeaders {
    private final Tracer tracer;
    private final Propagator propagator;

    TraceHeaders(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current span's {@code traceparent}, to store beside work done later; null outside any trace. */
    public String current() {
        Map<String, String> carrier = new HashMap<>();
        inject(carrier::put);
        return carrier.get("traceparent");
    }

    /** Adds the current span's trace headers through {@code header} (name, value). */
    public void inject(BiConsumer<String, String> header) {
        Span span = tracer.currentSpan();
        if (span != null) {
            propagator.inject(span.context(), header, (sink, name, value) -> sink.accept(name, value));
        }
    }

    /** Runs {@code work} in a new span {@code name}, a child of the current span. */
    public <T> T inChildSpan(String name, Supplier<T> work) {
        return within(tracer.nextSpan().name(name).start(), work);
    }

    /** Runs {@code work} in a span {@code name} continuing {@code traceparent} (a new trace when it is null). */
    public void continuing(String traceparent, String name, Runnable work) {
        Span span = traceparent == null ? tracer.nextSpan().name(name).start()
                : propagator.extract(Map.of("traceparent", traceparent), (carrier, key) -> carrier.get(key)).name(name).start();
        within(span, () -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code work} with {@code span} current, records a failure on it, and ends it. */
    private <T> T within(Span span, Supplier<T> work) {
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }
}
