package dev.payrail.server.providers;

import dev.payrail.sim.ProviderSimulator;

/** Where the provider answers, and the in-process simulator behind it when there is one. */
public final class ProviderEndpoint implements AutoCloseable {
    private final String baseUrl;
    private final ProviderSimulator embedded;

    private ProviderEndpoint(String baseUrl, ProviderSimulator embedded) {
        this.baseUrl = baseUrl;
        this.embedded = embedded;
    }

    static ProviderEndpoint remote(String baseUrl) {
        return new ProviderEndpoint(baseUrl, null);
    }

    static ProviderEndpoint embedded(ProviderSimulator simulator) {
        return new ProviderEndpoint(simulator.baseUrl(), simulator);
    }

    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
