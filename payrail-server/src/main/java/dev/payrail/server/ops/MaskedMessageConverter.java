package dev.payrail.server.ops;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.payrail.core.cards.PanDetector;

/**
 * The log message with anything that looks like a card number masked (first six and last four digits
 * kept), whoever wrote it: Payrail's code, a library, a request log. Registered as {@code %maskedMessage}
 * in logback-spring.xml, in place of {@code %m}.
 */
public class MaskedMessageConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return PanDetector.mask(dev.payrail.core.banks.Iban.mask(event.getFormattedMessage()));
    }
}
