package dev.payrail.server.ops;

import ch.qos.logback.classic.spi.IThrowableProxy;
import dev.payrail.core.cards.PanDetector;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/**
 * Spring Boot's stack trace rendering with card-number-like runs masked: an exception message may carry
 * what a caller sent. Registered as {@code %maskedEx} in logback-spring.xml, in place of {@code %wEx}.
 */
public class MaskedThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy throwable) {
        return PanDetector.mask(dev.payrail.core.banks.Iban.mask(super.throwableProxyToString(throwable)));
    }
}
