package dev.payrail.core.providers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured providers by name, in configuration order. */
public final class ProviderRegistry {
    private final Map<String, PaymentProvider> byName = new LinkedHashMap<>();

    public ProviderRegistry(List<PaymentProvider> providers) {
        for (PaymentProvider provider : providers) {
            if (byName.put(provider.name(), provider) != null) {
                throw new IllegalArgumentException("two providers named " + provider.name());
            }
        }
        if (byName.isEmpty()) {
            throw new IllegalArgumentException("at least one provider must be configured");
        }
    }

    public Optional<PaymentProvider> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The provider a stored payment or operation names; it must still be configured. */
    public PaymentProvider get(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("provider " + name + " is not configured"));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
