package dev.payrail.core.routing;

import dev.payrail.core.providers.ProviderResult;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CascadeTest {
    private static final List<String> CODES = List.of("do_not_honor", "issuer_unavailable", "try_again_later", "insufficient_funds",
            "processing_error", "reenter_transaction",
            "stolen_card", "pickup_card", "invalid_account", "card_velocity_exceeded", "generic_decline");

    @Provide
    Arbitrary<ProviderResult> answers() {
        return Arbitraries.oneOf(
                Arbitraries.of(CODES).map(code -> new ProviderResult.Declined(code, "declined", "ref")),
                Arbitraries.just(new ProviderResult.OutcomeUnknown("read timed out")),
                Arbitraries.just(new ProviderResult.Succeeded("ref", true)),
                Arbitraries.just(new ProviderResult.RequiresAction("ref", "https://acs.example/challenge")),
                Arbitraries.just(new ProviderResult.Pending("ref")));
    }

    @Provide
    Arbitrary<List<String>> routes() {
        return Arbitraries.of("simulator", "stripe", "adyen").set().ofMinSize(1).ofMaxSize(3).map(ArrayList::new);
    }

    /**
     * Over any sequence of answers along any route: a cascade only ever follows a cascadable soft decline, never an
     * unknown outcome or a hard decline, goes to a provider not tried yet, and happens at most once.
     */
    @Property(tries = 1000)
    void aCascadeOnlyEverFollowsACascadableSoftDeclineOnceAndNeverToAProviderTried(
            @ForAll("answers") ProviderResult first, @ForAll("answers") ProviderResult second, @ForAll("routes") List<String> route) {
        List<String> tried = new ArrayList<>(List.of(route.get(0)));
        Optional<String> next = Cascade.next(first, Cascade.DEFAULT_CASCADABLE, route, tried, false);
        if (next.isPresent()) {
            assertThat(first).isInstanceOf(ProviderResult.Declined.class);
            String code = ((ProviderResult.Declined) first).code();
            assertThat(Cascade.DEFAULT_CASCADABLE).contains(code);
            assertThat(code).isNotIn("stolen_card", "pickup_card", "invalid_account", "card_velocity_exceeded");
            assertThat(tried).doesNotContain(next.get());
            assertThat(route).contains(next.get());
            tried.add(next.get());
            assertThat(Cascade.next(second, Cascade.DEFAULT_CASCADABLE, route, tried, true)).as("at most once per payment").isEmpty();
        } else if (first instanceof ProviderResult.OutcomeUnknown) {
            assertThat(next).isEmpty();
        }
    }

    @Test
    void aSoftDeclineCascadesToTheNextProviderAndTheRestDoNot() {
        List<String> route = List.of("stripe", "adyen", "simulator");
        assertThat(Cascade.next(new ProviderResult.Declined("issuer_unavailable", "m", "r"), Cascade.DEFAULT_CASCADABLE, route,
                List.of("stripe"), false)).contains("adyen");
        assertThat(Cascade.next(new ProviderResult.Declined("insufficient_funds", "m", "r"), Cascade.DEFAULT_CASCADABLE, route,
                List.of("stripe"), false)).isEmpty();
        assertThat(Cascade.next(new ProviderResult.Declined("do_not_honor", "m", "r"), Cascade.DEFAULT_CASCADABLE, route,
                List.of("stripe"), false)).as("not by default").isEmpty();
        assertThat(Cascade.next(new ProviderResult.Declined("do_not_honor", "m", "r"), java.util.Set.of("do_not_honor"), route,
                List.of("stripe"), false)).as("where the configuration lists it").contains("adyen");
        // a request that never reached the first provider moved on without a cascade: the soft decline after it may cascade
        assertThat(Cascade.next(new ProviderResult.Declined("try_again_later", "m", "r"), Cascade.DEFAULT_CASCADABLE, route,
                List.of("stripe", "adyen"), false)).contains("simulator");
        assertThat(Cascade.next(new ProviderResult.Declined("stolen_card", "m", "r"), java.util.Set.of("stolen_card"), route,
                List.of("stripe"), false)).as("a hard decline never, whatever the configuration lists").isEmpty();
        assertThat(Cascade.next(new ProviderResult.OutcomeUnknown("timeout"), Cascade.DEFAULT_CASCADABLE, route,
                List.of("stripe"), false)).isEmpty();
        assertThat(Cascade.next(new ProviderResult.Declined("do_not_honor", "m", "r"), Cascade.DEFAULT_CASCADABLE, List.of("stripe"),
                List.of("stripe"), false)).as("no other provider allowed").isEmpty();
    }
}
