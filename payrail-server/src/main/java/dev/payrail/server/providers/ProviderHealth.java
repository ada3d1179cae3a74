package dev.payrail.server.providers;

import dev.payrail.core.providers.PaymentProvider;
import dev.payrail.core.providers.ProviderRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * Health component {@code providers}: each provider's circuit state. Down (and so not ready) only when every
 * provider's circuit is open: with one provider left, payments still flow and this instance should take
 * traffic; the per-provider alerts say which one is failing.
 */
@Component("providers")
class ProviderHealth implements HealthIndicator {
    private final ProviderRegistry providers;

    ProviderHealth(ProviderRegistry providers) {
        this.providers = providers;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        boolean anyUsable = false;
        for (String name : providers.names()) {
            PaymentProvider provider = providers.get(name);
            String state = provider instanceof ResilientProvider guarded
                    ? guarded.circuitState().name().toLowerCase(Locale.ROOT) : "none";
            health.withDetail(name, state);
            anyUsable |= !"open".equals(state) && !"forced_open".equals(state);
        }
        return anyUsable ? health.build() : health.down().build();
    }
}
