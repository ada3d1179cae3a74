package dev.payrail.core.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Picks the providers for an authorization: the first matching rule by priority, one of its targets by
 * weight, then its other targets as fallbacks (heaviest first). Disabled providers are skipped; a rule whose
 * targets are all disabled does not match; with no matching rule, every enabled provider in configuration order.
 */
public final class Router {
    public static final String DEFAULT_RULE = "default";

    private Router() {
    }

    public static Route route(PaymentFacts facts, List<RoutingRule> rules, List<String> allProviders,
                              Set<String> disabled, DoubleSupplier random) {
        for (RoutingRule rule : rules.stream().sorted(Comparator.comparingInt(RoutingRule::priority)).toList()) {
            if (!rule.matches(facts)) {
                continue;
            }
            List<RoutingRule.Target> live = rule.targets().stream()
                    .filter(t -> !disabled.contains(t.provider()) && allProviders.contains(t.provider()))
                    .toList();
            if (!live.isEmpty()) {
                return new Route(rule.id(), ordered(live, random.getAsDouble()), rule.retrySoftDeclines());
            }
        }
        List<String> enabled = allProviders.stream().filter(p -> !disabled.contains(p)).toList();
        return new Route(DEFAULT_RULE, enabled, false);
    }

    /**
     * The weighted pick first, then the rest, heaviest first; zero-weight targets serve only as fallbacks,
     * in the order given, and take over when every weighted target is disabled.
     */
    static List<String> ordered(List<RoutingRule.Target> targets, double random) {
        int totalWeight = targets.stream().mapToInt(RoutingRule.Target::weight).sum();
        if (totalWeight == 0) {
            return targets.stream().map(RoutingRule.Target::provider).toList();
        }
        double point = random * totalWeight;
        RoutingRule.Target chosen = null;
        double cumulative = 0;
        for (RoutingRule.Target t : targets) {
            cumulative += t.weight();
            if (t.weight() > 0 && point < cumulative) {
                chosen = t;
                break;
            }
        }
        if (chosen == null) {
            chosen = targets.stream().filter(t -> t.weight() > 0).reduce((a, b) -> b).orElseThrow();
        }
        List<String> order = new ArrayList<>();
        order.add(chosen.provider());
        targets.stream().filter(t -> !order.contains(t.provider()))
                .sorted(Comparator.comparingInt(RoutingRule.Target::weight).reversed())
                .forEach(t -> order.add(t.provider()));
        return order;
    }
}
