package dev.payrail.core.routing;

import java.util.List;
import java.util.Map;

/**
 * The providers to try for one authorization, in order, and the rule that chose them; {@code explanation} says why the
 * first one where a strategy ordered them ({@link SuccessRateStrategy#explain}), null where the rule's weights did.
 */
public record Route(String ruleId, List<String> providers, boolean retrySoftDeclines, Map<String, Object> explanation) {

    public Route(String ruleId, List<String> providers, boolean retrySoftDeclines) {
        this(ruleId, providers, retrySoftDeclines, null);
    }

    /** The same route, its providers in {@code order} (the same providers), chosen as {@code explanation} says. */
    public Route orderedBy(List<String> order, Map<String, Object> explanation) {
        if (!new java.util.HashSet<>(order).equals(new java.util.HashSet<>(providers)) || order.size() != providers.size()) {
            throw new IllegalArgumentException("a strategy may order the route's providers, not change them");
        }
        return new Route(ruleId, List.copyOf(order), retrySoftDeclines, explanation);
    }
}
