package dev.payrail.server.flags;

import dev.payrail.core.flags.FlagDefinition;
import dev.payrail.core.flags.Flags;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** A flag's placement as the admin API and the change history show it. */
final class FlagJson {
    private FlagJson() {
    }

    /** Which variant goes where: the default, the rollout (variant and percent), the merchants pinned. */
    static Map<String, Object> placement(FlagDefinition flag) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("default_variant", flag.defaultVariant());
        json.put("rollout", flag.rollout().<Object>map(r -> {
            Map<String, Object> rollout = new LinkedHashMap<>();
            rollout.put("variant", r.variant());
            rollout.put("percent", percent(r.basisPoints()));
            return rollout;
        }).orElse(null));
        json.put("merchants", new TreeMap<>(flag.merchants()));
        return json;
    }

    /** Basis points as a percent with at most two decimals: 1250 is 12.5. */
    static BigDecimal percent(int basisPoints) {
        return new BigDecimal(BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString());
    }

    /** A percent (0 to 100, at most two decimals) as basis points; empty when it is neither. */
    static java.util.Optional<Integer> basisPoints(BigDecimal percent) {
        BigDecimal scaled = percent.movePointRight(2);
        if (percent.signum() < 0 || scaled.compareTo(BigDecimal.valueOf(Flags.BUCKETS)) > 0
                || scaled.stripTrailingZeros().scale() > 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(scaled.intValueExact());
    }
}
