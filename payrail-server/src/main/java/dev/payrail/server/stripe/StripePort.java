package dev.payrail.server.stripe;

import dev.payrail.server.PayrailProperties;
import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

import java.util.OptionalInt;

/**
 * The Stripe-compatible API's own port: a second connector of the same Tomcat, so the official libraries are pointed
 * at a base URL with no path (stripe-node cannot add one). What arrives on it is Stripe's {@code /v1/...}, given the
 * {@code /stripe} prefix by {@link StripeSurface} before any filter sees it.
 */
@Component
public class StripePort implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
    private final int configured;
    private volatile Connector connector;

    StripePort(PayrailProperties properties) {
        this.configured = properties.stripeApiOrDefault().port();
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (configured < 0) {
            return;
        }
        Connector added = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        added.setPort(configured);
        // as the main connector: Stripe's filters such as created[gte]=... arrive unencoded
        added.setProperty("relaxedQueryChars", "[]");
        factory.addAdditionalConnectors(added);
        this.connector = added;
    }

    /** The port it listens on once started (the one chosen, when configured as 0); empty when it is off. */
    public OptionalInt localPort() {
        Connector c = connector;
        return c == null || c.getLocalPort() <= 0 ? OptionalInt.empty() : OptionalInt.of(c.getLocalPort());
    }
}
