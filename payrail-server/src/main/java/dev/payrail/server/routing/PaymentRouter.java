package dev.payrail.server.routing;

import dev.payrail.core.providers.ProviderRegistry;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.core.routing.Cascade;
import dev.payrail.core.routing.PaymentFacts;
import dev.payrail.core.routing.Route;
import dev.payrail.core.routing.Router;
import dev.payrail.core.routing.Segment;
import dev.payrail.core.routing.SuccessRateSettings;
import dev.payrail.core.routing.SuccessRateStrategy;
import dev.payrail.core.routing.SuccessRateWindow;
import dev.payrail.server.PayrailProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Routes an authorization with the rules and switches as they are in the database right now; with
 * {@code payrail.routing.strategy: success_rate}, the matching rule's providers are then ordered by their recent
 * authorization rate for the payment's segment ({@link SuccessRateStrategy}), and the route says why.
 *
 * <p>Each process learns from the authorizations it sends (every attempt's answer, {@link #learn}): behind a load
 * balancer each sees its share of the same traffic, so their windows estimate the same rates (docs/routing.md). Answers
 * that arrive later (a challenge's end, a bank's) are not learnt yet.
 */
@Component
public class PaymentRouter {
    private final RoutingStore store;
    private final ProviderRegistry providers;
    private final Set<String> cascadable;
    private final SuccessRateStrategy strategy;

    PaymentRouter(RoutingStore store, ProviderRegistry providers, PayrailProperties properties, MeterRegistry meters) {
        this.store = store;
        this.providers = providers;
        PayrailProperties.Routing routing = properties.routing();
        this.cascadable = Set.copyOf(routing == null ? Cascade.DEFAULT_CASCADABLE : routing.cascadableDeclines());
        String chosen = routing == null ? "rules" : routing.strategy();
        if (!chosen.equals("rules") && !chosen.equals("success_rate")) {
            throw new dev.payrail.server.StartupRefusal("payrail.routing.strategy is '" + chosen + "'",
                    "Set PAYRAIL_ROUTING_STRATEGY (payrail.routing.strategy) to rules or success_rate.");
        }
        SuccessRateSettings d = SuccessRateSettings.defaults();
        SuccessRateSettings settings = new SuccessRateSettings(routing == null ? d.window() : routing.window(), d.minSamples(),
                routing == null ? d.explorationShare() : routing.explorationShare(), d.eliminationRate(), d.costWeight(),
                d.priorRate(), d.priorWeight());
        this.strategy = chosen.equals("success_rate") ? new SuccessRateStrategy(settings, new SuccessRateWindow(settings.window()))
                : null;
        if (strategy != null) {
            for (String provider : providers.names()) {
                Gauge.builder("payrail.routing.success_rate", () -> strategy.overallRate(provider, Instant.now()))
                        .description("The provider's authorization rate over all traffic in the strategy's window")
                        .tag("provider", provider).register(meters);
            }
        }
    }

    public Route route(PaymentFacts facts) {
        Route route = Router.route(facts, store.rules(), providers.names(), store.disabledProviders(),
                () -> ThreadLocalRandom.current().nextDouble());
        if (strategy == null || route.providers().isEmpty()) {
            return route;
        }
        SuccessRateStrategy.Decision decision = strategy.choose(segment(facts), route.providers(), Map.of(), Instant.now(),
                ThreadLocalRandom.current());
        return route.orderedBy(decision.order(), SuccessRateStrategy.explain(decision));
    }

    /** What one attempt of an authorization answered, for the strategy to learn (nothing without one). */
    public void learn(PaymentFacts facts, String provider, ProviderResult result) {
        if (strategy != null) {
            strategy.learn(segment(facts), provider, SuccessRateWindow.Outcome.of(result), Instant.now());
        }
    }

    /**
     * The strategy as it stands, for operators (GET /v1/admin/routing/scores): its settings, and every depth of every
     * segment this process has outcomes for in its window, per provider, with the rate the scores start from (its
     * prior blended in). This process's view: each process learns from the attempts it sends (docs/routing.md).
     */
    public Map<String, Object> scores() {
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("strategy", strategy == null ? "rules" : "success_rate");
        if (strategy == null) {
            return json;
        }
        SuccessRateSettings settings = strategy.settings();
        json.put("window_seconds", settings.window().toSeconds());
        json.put("exploration_share", settings.explorationShare());
        json.put("elimination_rate", settings.eliminationRate());
        json.put("min_samples", settings.minSamples());
        java.util.List<Map<String, Object>> levels = new java.util.ArrayList<>();
        for (SuccessRateWindow.LevelCounts c : strategy.snapshot(Instant.now())) {
            Map<String, Object> one = new java.util.LinkedHashMap<>();
            one.put("level", c.level());
            one.put("provider", c.provider());
            one.put("attempts", c.attempts());
            one.put("approvals", c.approvals());
            one.put("rate", Math.round(new SuccessRateWindow.Counts(c.attempts(), c.approvals())
                    .rate(settings.priorRate(), settings.priorWeight()) * 10_000) / 10_000.0);
            levels.add(one);
        }
        json.put("levels", levels);
        return json;
    }

    /** The declines a rule that retries soft declines cascades after ({@code payrail.routing.cascadable-declines}). */
    public Set<String> cascadableDeclines() {
        return cascadable;
    }

    private static Segment segment(PaymentFacts facts) {
        // Payrail does not keep a card's type (credit, debit, prepaid) yet: that depth learns as "unknown"
        return Segment.of(facts.brand(), facts.country(), facts.amount(), null);
    }
}
