package dev.payrail.core.routing;

import dev.payrail.core.money.Money;
import dev.payrail.core.providers.DeclineCodes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouterTest {
    private static final List<String> PROVIDERS = List.of("stripe", "adyen", "simulator");

    private static RoutingRule rule(String id, int priority, Set<String> currencies, List<RoutingRule.Target> targets) {
        return new RoutingRule(id, priority, currencies, Set.of(), Set.of(), Set.of(), null, null, targets, false);
    }

    private static PaymentFacts facts(String currency, long amount) {
        return new PaymentFacts("mer_1", Money.of(amount, currency), "visa", "US");
    }

    @Test
    void the_first_matching_rule_by_priority_wins_and_lists_the_others_as_fallbacks() {
        List<RoutingRule> rules = List.of(
                rule("eur-to-adyen", 10, Set.of("eur"), List.of(new RoutingRule.Target("adyen", 1), new RoutingRule.Target("stripe", 0))),
                rule("everything", 100, Set.of(), List.of(new RoutingRule.Target("stripe", 1))));

        Route eur = Router.route(facts("EUR", 100), rules, PROVIDERS, Set.of(), () -> 0.5);
        Route usd = Router.route(facts("USD", 100), rules, PROVIDERS, Set.of(), () -> 0.5);

        assertThat(eur.ruleId()).isEqualTo("eur-to-adyen");
        assertThat(eur.providers()).containsExactly("adyen", "stripe");
        assertThat(usd.ruleId()).isEqualTo("everything");
        assertThat(usd.providers()).containsExactly("stripe");
    }

    @Test
    void a_95_5_split_lands_near_95_5() {
        List<RoutingRule> rules = List.of(rule("canary", 1, Set.of(),
                List.of(new RoutingRule.Target("adyen", 95), new RoutingRule.Target("stripe", 5))));
        Random random = new Random(42);
        int stripe = 0;
        for (int i = 0; i < 20_000; i++) {
            if (Router.route(facts("USD", 100), rules, PROVIDERS, Set.of(), random::nextDouble).providers().get(0).equals("stripe")) {
                stripe++;
            }
        }
        assertThat(stripe / 20_000.0).isBetween(0.04, 0.06);
    }

    @Test
    void a_disabled_provider_is_skipped_and_amount_bounds_apply() {
        RoutingRule big = new RoutingRule("big", 1, Set.of(), Set.of(), Set.of(), Set.of(), 10_000L, null,
                List.of(new RoutingRule.Target("adyen", 1), new RoutingRule.Target("stripe", 1)), false);

        assertThat(Router.route(facts("USD", 20_000), List.of(big), PROVIDERS, Set.of("adyen"), () -> 0.0).providers())
                .containsExactly("stripe");
        Route small = Router.route(facts("USD", 500), List.of(big), PROVIDERS, Set.of(), () -> 0.0);
        assertThat(small.ruleId()).isEqualTo(Router.DEFAULT_RULE);
        assertThat(small.providers()).containsExactlyElementsOf(PROVIDERS);
    }

    @Test
    void fallbacks_serve_when_every_weighted_target_is_disabled_and_a_fully_disabled_rule_is_skipped() {
        RoutingRule rule = rule("r", 1, Set.of(), List.of(new RoutingRule.Target("stripe", 1), new RoutingRule.Target("adyen", 0)));

        assertThat(Router.route(facts("USD", 100), List.of(rule), PROVIDERS, Set.of("stripe"), () -> 0.3).providers())
                .containsExactly("adyen");
        Route skipped = Router.route(facts("USD", 100), List.of(rule), PROVIDERS, Set.of("stripe", "adyen"), () -> 0.3);
        assertThat(skipped.ruleId()).isEqualTo(Router.DEFAULT_RULE);
        assertThat(skipped.providers()).containsExactly("simulator");
    }

    @Test
    void rules_refuse_nonsense() {
        assertThatThrownBy(() -> rule("empty", 1, Set.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RoutingRule("bounds", 1, Set.of(), Set.of(), Set.of(), Set.of(), 10L, 5L,
                List.of(new RoutingRule.Target("stripe", 1)), false)).hasMessageContaining("min_amount");
    }

    @Test
    void hard_declines_are_never_soft() {
        assertThat(DeclineCodes.isSoft("issuer_not_available", false)).isTrue();
        assertThat(DeclineCodes.isSoft("do_not_honor", false)).isFalse();
        assertThat(DeclineCodes.isSoft("do_not_honor", true)).isTrue();
        assertThat(DeclineCodes.isSoft("stolen_card", true)).isFalse();
        assertThat(DeclineCodes.isSoft("incorrect_number", true)).isFalse();
    }
}
