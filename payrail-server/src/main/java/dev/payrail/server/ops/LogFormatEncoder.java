package dev.payrail.server.ops;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

import java.nio.charset.StandardCharsets;

/**
 * The console's one encoder: JSON lines ({@link JsonLogEncoder}) or Spring Boot's text pattern, as
 * {@code format} says. One appender with a chosen encoder, rather than two appenders of which one is never
 * referenced (logback warned about the unused one at every start).
 */
public class LogFormatEncoder extends EncoderBase<ILoggingEvent> {
    private String format = "json";
    private String pattern;
    private Encoder<ILoggingEvent> chosen;

    public void setFormat(String format) {
        this.format = format;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        if ("text".equalsIgnoreCase(format)) {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setContext(getContext());
            text.setPattern(pattern);
            text.setCharset(StandardCharsets.UTF_8);
            chosen = text;
        } else {
            JsonLogEncoder json = new JsonLogEncoder();
            json.setContext(getContext());
            chosen = json;
        }
        chosen.start();
        super.start();
    }

    @Override
    public void stop() {
        chosen.stop();
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return chosen.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return chosen.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return chosen.footerBytes();
    }
}
