package dev.payrail.server.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.payrail.core.cards.PanDetector;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * One JSON object per log line, for log pipelines: time, level, logger, thread, the message and the stack
 * trace (both with card-number-like runs masked), and the request's context from the MDC: request id, trace
 * and span ids, merchant and payment. Written by hand rather than through a JSON library so that logging
 * never depends on the application's object mapper, and so that it cannot fail on an odd value.
 */
public class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
    /** MDC keys and the field names they are written under. */
    private static final Map<String, String> CONTEXT = Map.of("request_id", "request_id", "traceId", "trace_id",
            "spanId", "span_id", "merchant_id", "merchant_id", "payment_id", "payment_id");

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "@timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
        field(json, "level", event.getLevel().toString());
        field(json, "logger", event.getLoggerName());
        field(json, "thread", event.getThreadName());
        Map<String, String> mdc = event.getMDCPropertyMap();
        CONTEXT.forEach((key, name) -> {
            String value = mdc.get(key);
            if (value != null && !value.isEmpty()) {
                field(json, name, value);
            }
        });
        field(json, "message", PanDetector.mask(dev.payrail.core.banks.Iban.mask(event.getFormattedMessage())));
        if (event.getThrowableProxy() != null) {
            field(json, "error", PanDetector.mask(dev.payrail.core.banks.Iban.mask(ThrowableProxyUtil.asString(event.getThrowableProxy()))));
        }
        json.setLength(json.length() - 1);
        return json.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":\"");
        escape(json, value == null ? "" : value);
        json.append("\",");
    }

    static void escape(StringBuilder json, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
    }
}
