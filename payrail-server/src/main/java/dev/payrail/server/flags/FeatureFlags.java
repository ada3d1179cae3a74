package dev.payrail.server.flags;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.NoOpProvider;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import dev.payrail.core.flags.FlagDefinition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where Payrail's code asks a flag for its variant, through an OpenFeature client whose provider is
 * {@link PayrailFlagProvider}. The flags' placements are read from the database at start, then every
 * {@code payrail.flags.refresh} (1 s) in the background, and at once after a change commits in this process: a change
 * reaches every process within about a second, and no evaluation waits on the database.
 */
@Service
public class FeatureFlags {
    private final FlagCatalog catalog;
    private final FlagStore store;
    private final MeterRegistry meters;
    private final String domain = "payrail-" + UUID.randomUUID();
    private final Client client;
    private final Map<String, Counter> evaluations = new ConcurrentHashMap<>();
    private volatile Map<String, FlagStore.Stored> placed = Map.of();

    FeatureFlags(FlagCatalog catalog, FlagStore store, MeterRegistry meters) {
        this.catalog = catalog;
        this.store = store;
        this.meters = meters;
        // a domain of its own: several Payrail contexts in one JVM (the tests) never share OpenFeature's provider
        OpenFeatureAPI.getInstance().setProviderAndWait(domain, new PayrailFlagProvider(this::definition));
        this.client = OpenFeatureAPI.getInstance().getClient(domain);
    }

    @PostConstruct
    @Scheduled(fixedDelayString = "${payrail.flags.refresh:PT1S}", initialDelayString = "${payrail.flags.refresh:PT1S}")
    void refresh() {
        placed = Map.copyOf(store.all(catalog));
    }

    @PreDestroy
    void detach() {
        OpenFeatureAPI.getInstance().setProvider(domain, new NoOpProvider());
    }

    /**
     * The variant of flag {@code key} for {@code merchantId} (for its pinned variant; may be null), split by
     * {@code targetingKey} (what the flag's percentage splits: a merchant, a provider operation).
     */
    public String variant(String key, String merchantId, String targetingKey) {
        FlagCatalog.Entry entry = catalog.find(key).orElseThrow(() -> new IllegalArgumentException("no flag " + key));
        EvaluationContext context = new ImmutableContext(targetingKey,
                merchantId == null ? Map.of() : Map.of(PayrailFlagProvider.MERCHANT, new Value(merchantId)));
        FlagEvaluationDetails<String> details = client.getStringDetails(key, entry.defaultVariant(), context);
        evaluations.computeIfAbsent(key + '\u0000' + details.getValue() + '\u0000' + details.getReason(),
                k -> Counter.builder("payrail.flags.evaluations").description("flag evaluations by variant and reason")
                        .tag("flag", key).tag("variant", details.getValue())
                        .tag("reason", String.valueOf(details.getReason())).register(meters)).increment();
        return details.getValue();
    }

    /** The definition in force for {@code key}: its stored placement, or the catalog's initial one; null if no such flag. */
    FlagDefinition definition(String key) {
        FlagStore.Stored stored = placed.get(key);
        if (stored != null) {
            return stored.definition();
        }
        return catalog.find(key).map(FlagCatalog.Entry::initial).orElse(null);
    }

    /** The stored row of {@code key} as this process last read it. */
    Optional<FlagStore.Stored> stored(String key) {
        return Optional.ofNullable(placed.get(key));
    }

    /** Reads the placements again once the caller's transaction commits (a change made here). */
    void refreshAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    refresh();
                }
            });
        } else {
            refresh();
        }
    }
}
