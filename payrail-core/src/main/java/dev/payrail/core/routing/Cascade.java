package dev.payrail.core.routing;

import dev.payrail.core.providers.DeclineCodes;
import dev.payrail.core.providers.ProviderResult;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an authorization the provider declined is tried once more on the next provider of its route, under a new
 * operation: only after a soft decline the configuration lists as cascadable; never after a hard decline (another try
 * is card testing), never after an outcome that is unknown (the money may have moved: the resolver asks), never after
 * an approval or a challenge, never twice on one provider, and at most once per payment.
 */
public final class Cascade {
    /** The defaults: the issuer's or the network's moment, not the card (docs/routing.md). */
    public static final Set<String> DEFAULT_CASCADABLE = Set.of("issuer_unavailable", "issuer_not_available", "try_again_later",
            "do_not_honor", "processing_error");

    private Cascade() {
    }

    /**
     * The provider to cascade to after {@code result} from the last of {@code tried} (in order), or empty.
     *
     * @param order the route's providers, the first the one tried first
     */
    public static Optional<String> next(ProviderResult result, Set<String> cascadable, List<String> order, List<String> tried) {
        if (!(result instanceof ProviderResult.Declined declined)) {
            return Optional.empty();
        }
        if (tried.size() >= 2 || DeclineCodes.isHard(declined.code()) || !cascadable.contains(declined.code())) {
            return Optional.empty();
        }
        return order.stream().filter(p -> !tried.contains(p)).findFirst();
    }
}
