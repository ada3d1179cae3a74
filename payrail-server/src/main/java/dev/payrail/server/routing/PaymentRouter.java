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

    PaymentRouter(RoutingStore store, ProviderRegistry providers) {
        this.store = store;
        this.providers = providers;
    }

    public Route route(PaymentFacts facts) {
        return Router.route(facts, store.rules(), providers.names(), store.disabledProviders(),
                () -> ThreadLocalRandom.current().nextDouble());
    }
}
