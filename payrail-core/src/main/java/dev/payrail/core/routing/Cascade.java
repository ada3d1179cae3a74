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
    /**
     * The defaults: the issuer's or the network's moment, not the card (docs/routing.md). {@code do_not_honor} is not
     * among them: issuers use it for their own refusals too, and it cascades only where the configuration lists it.
     */
    public static final Set<String> DEFAULT_CASCADABLE = Set.of("issuer_unavailable", "issuer_not_available", "try_again_later",
            "processing_error", "reenter_transaction");

    private Cascade() {
    }

    /**
     * The provider to cascade to after {@code result} from the last of {@code tried}, or empty.
     *
     * @param order    the route's providers, the first the one tried first
     * @param tried    the providers tried so far (a request that never reached one moves on without a cascade)
     * @param cascaded whether this payment already cascaded once
     */
    public static Optional<String> next(ProviderResult result, Set<String> cascadable, List<String> order, List<String> tried,
                                        boolean cascaded) {
        if (cascaded || !(result instanceof ProviderResult.Declined declined)) {
            return Optional.empty();
        }
        if (DeclineCodes.isHard(declined.code()) || !cascadable.contains(declined.code())) {
            return Optional.empty();
        }
        return order.stream().filter(p -> !tried.contains(p)).findFirst();
    }
}
