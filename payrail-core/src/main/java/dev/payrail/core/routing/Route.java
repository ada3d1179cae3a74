package dev.payrail.core.routing;

import java.util.List;

/** The providers to try for one authorization, in order, and the rule that chose them. */
public record Route(String ruleId, List<String> providers, boolean retrySoftDeclines) {
}
