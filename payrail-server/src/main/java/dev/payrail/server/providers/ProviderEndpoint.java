package dev.payrail.server.providers;

import dev.payrail.sim.ProviderSimulator;

import java.util.Optional;

/** Where one provider answers, and the in-process simulator behind it when there is one. */
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

    /** The simulator's root URL (all its faces answer under it). */
    public String baseUrl() {
        return baseUrl;
    }

    /** The in-process simulator, for fault injection in tests and demos. */
    public Optional<ProviderSimulator> simulator() {
        return Optional.ofNullable(embedded);
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
