package dev.payrail.server.routing;

import dev.payrail.core.providers.ProviderRegistry;
import dev.payrail.core.routing.PaymentFacts;
import dev.payrail.core.routing.Route;
import dev.payrail.core.routing.Router;
import org.springframework.stereotype.Component;

import java.util.concurrent.ThreadLocalRandom;

/** Routes an authorization with the rules and switches as they are in the database right now. */
@Component
public class PaymentRouter {
    private final RoutingStore store;
    private final ProviderRegistry providers;
    private final java.util.Set<String> cascadable;

    PaymentRouter(RoutingStore store, ProviderRegistry providers, dev.payrail.server.PayrailProperties properties) {
        this.store = store;
        this.providers = providers;
        this.cascadable = java.util.Set.copyOf(properties.routing() == null
                ? dev.payrail.core.routing.Cascade.DEFAULT_CASCADABLE : properties.routing().cascadableDeclines());
    }

    /** The declines a rule that retries soft declines cascades after ({@code payrail.routing.cascadable-declines}). */
    public java.util.Set<String> cascadableDeclines() {
        return cascadable;
    }

    public Route route(PaymentFacts facts) {
        return Router.route(facts, store.rules(), providers.names(), store.disabledProviders(),
                () -> ThreadLocalRandom.current().nextDouble());
    }
}
