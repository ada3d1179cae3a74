package dev.payrail.core.routing;

import java.util.List;
import java.util.Set;

/**
 * One routing rule: when every given condition matches (an empty set or null bound matches anything),
 * the payment goes to one of {@code targets}, picked by weight; the others are its fallbacks.
 *
 * @param retrySoftDeclines whether a soft decline may be retried once on the next target
 */
public record RoutingRule(String id, int priority, Set<String> currencies, Set<String> brands, Set<String> countries,
                          Set<String> merchants, Long minAmount, Long maxAmount, List<Target> targets,
                          boolean retrySoftDeclines) {

    /** A provider and its share of the traffic the rule matches. */
    public record Target(String provider, int weight) {
        public Target {
            if (provider == null || provider.isBlank()) {
                throw new IllegalArgumentException("a target needs a provider");
            }
            if (weight < 0) {
                throw new IllegalArgumentException("weights are not negative");
            }
        }
    }

    public RoutingRule {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a rule needs an id");
        }
        if (targets == null || targets.isEmpty() || targets.stream().mapToInt(Target::weight).sum() <= 0) {
            throw new IllegalArgumentException("rule " + id + " needs at least one target with a positive weight");
        }
        if (minAmount != null && maxAmount != null && minAmount > maxAmount) {
            throw new IllegalArgumentException("rule " + id + ": min_amount above max_amount");
        }
        currencies = normalized(currencies, true);
        brands = normalized(brands, false);
        countries = normalized(countries, true);
        merchants = merchants == null ? Set.of() : Set.copyOf(merchants);
        targets = List.copyOf(targets);
    }

    public boolean matches(PaymentFacts facts) {
        return (currencies.isEmpty() || currencies.contains(facts.amount().currency().code()))
                && (brands.isEmpty() || brands.contains(facts.brand()))
                && (countries.isEmpty() || countries.contains(facts.country()))
                && (merchants.isEmpty() || merchants.contains(facts.merchantId()))
                && (minAmount == null || facts.amount().minorUnits() >= minAmount)
                && (maxAmount == null || facts.amount().minorUnits() <= maxAmount);
    }

    private static Set<String> normalized(Set<String> values, boolean upper) {
        if (values == null) {
            return Set.of();
        }
        return values.stream().map(v -> upper ? v.toUpperCase(java.util.Locale.ROOT) : v.toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
