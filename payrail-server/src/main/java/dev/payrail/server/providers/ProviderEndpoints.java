package dev.payrail.server.providers;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every configured provider's endpoint, by provider name. */
public final class ProviderEndpoints implements AutoCloseable {
    private final Map<String, ProviderEndpoint> byName = new LinkedHashMap<>();

    void put(String name, ProviderEndpoint endpoint) {
        byName.put(name, endpoint);
    }

    public ProviderEndpoint get(String name) {
        ProviderEndpoint endpoint = byName.get(name);
        if (endpoint == null) {
            throw new IllegalArgumentException("no provider named " + name);
        }
        return endpoint;
    }

    @Override
    public void close() {
        byName.values().forEach(ProviderEndpoint::close);
    }
}
