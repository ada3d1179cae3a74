package dev.payrail.core.flags;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One feature flag: the variants it may take, the one served by default, a percentage rollout of another variant
 * over the flag's targeting keys, and variants pinned per merchant. Flags are Payrail's own (the catalog in the
 * server names them and what each variant does); operators change only which variant goes where.
 *
 * @param rollout        a share of the targeting keys that get another variant than the default; empty: none
 * @param merchants      merchant id → variant, which wins over the rollout and the default for that merchant
 */
public record FlagDefinition(String key, List<String> variants, String defaultVariant, Optional<Rollout> rollout,
                             Map<String, String> merchants) {

    /** {@code variant} for {@code basisPoints} of every 10,000 targeting keys (100 basis points are 1%). */
    public record Rollout(String variant, int basisPoints) {
        public Rollout {
            if (basisPoints < 0 || basisPoints > Flags.BUCKETS) {
                throw new IllegalArgumentException("a rollout's share is between 0 and 100%");
            }
        }
    }

    public FlagDefinition {
        variants = List.copyOf(variants);
        merchants = Map.copyOf(merchants);
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("a flag has at least one variant");
        }
        requireVariant(variants, defaultVariant, "");
        if (rollout.isPresent()) {
            requireVariant(variants, rollout.get().variant(), "");
        }
        for (Map.Entry<String, String> pinned : merchants.entrySet()) {
            requireVariant(variants, pinned.getValue(), " for " + pinned.getKey());
        }
    }

    private static void requireVariant(List<String> variants, String variant, String where) {
        if (!variants.contains(variant)) {
            throw new IllegalArgumentException("unknown variant " + variant + where + " (variants: " + String.join(", ", variants) + ")");
        }
    }

    /** The flag as it ships: its default for everyone, no rollout, no merchant pinned. */
    public static FlagDefinition initial(String key, List<String> variants, String defaultVariant) {
        return new FlagDefinition(key, variants, defaultVariant, Optional.empty(), Map.of());
    }
}
