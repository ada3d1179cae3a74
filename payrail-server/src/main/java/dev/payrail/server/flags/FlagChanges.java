package dev.payrail.server.flags;

import dev.payrail.core.flags.FlagDefinition;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.merchants.MerchantStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An operator's change of a flag's placement: checked against the catalog, written with the change's before and
 * after in one transaction (the flag's row locked, so two changes apply one after the other), and in force in this
 * process once it commits.
 */
@Service
class FlagChanges {

    /**
     * What a change sets; an absent part is kept. {@code rollout} present and empty removes the rollout;
     * {@code merchants} maps a merchant to its pinned variant, or to null to unpin it.
     */
    record Request(Optional<String> defaultVariant, Optional<Optional<FlagDefinition.Rollout>> rollout,
                   Map<String, String> merchants, String reason) {
    }

    private final FlagStore store;
    private final FeatureFlags flags;
    private final MerchantStore merchantStore;

    FlagChanges(FlagStore store, FeatureFlags flags, MerchantStore merchantStore) {
        this.store = store;
        this.flags = flags;
        this.merchantStore = merchantStore;
    }

    @Transactional
    FlagDefinition change(FlagCatalog.Entry entry, Request request, String actor, String requestId) {
        Optional<FlagStore.Stored> current = store.lockedForChange(entry);
        FlagDefinition before = current.map(FlagStore.Stored::definition).orElse(entry.initial());
        Map<String, String> merchants = new HashMap<>(before.merchants());
        request.merchants().forEach((merchant, variant) -> {
            if (variant == null) {
                merchants.remove(merchant);
            } else {
                if (merchantStore.find(merchant).isEmpty()) {
                    throw ApiException.invalid("resource_missing", "merchants." + merchant, "No such merchant: " + merchant);
                }
                merchants.put(merchant, variant);
            }
        });
        FlagDefinition next;
        try {
            next = new FlagDefinition(entry.key(), entry.variants(), request.defaultVariant().orElse(before.defaultVariant()),
                    request.rollout().orElse(before.rollout()), merchants);
        } catch (IllegalArgumentException unknownVariant) {
            throw ApiException.invalid("parameter_invalid", null, unknownVariant.getMessage() + ".");
        }
        if (!store.write(next, current.map(FlagStore.Stored::version).orElse(0),
                current.map(s -> FlagJson.placement(s.definition())).orElse(null), actor, requestId, request.reason())) {
            // the flag had no row and another change inserted one first: nothing was written, the retry applies on top
            throw ApiException.conflictBeforeRunning("flag_changed_concurrently",
                    "The flag " + entry.key() + " was changed at the same moment; send the change again.");
        }
        flags.refreshAfterCommit();
        return next;
    }
}
