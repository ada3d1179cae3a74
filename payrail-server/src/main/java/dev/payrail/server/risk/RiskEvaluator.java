package dev.payrail.server.risk;

import dev.payrail.core.risk.DefaultRiskRules;
import dev.payrail.core.risk.RiskFacts;
import dev.payrail.core.risk.RiskList;
import dev.payrail.core.risk.RiskRule;
import dev.payrail.core.risk.RiskRules;
import dev.payrail.core.risk.RiskScore;
import dev.payrail.core.risk.RiskSignals;
import dev.payrail.server.flags.FeatureFlags;
import dev.payrail.server.flags.FlagCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The risk evaluation of one authorization attempt, in the confirm's first transaction, before any provider is called:
 * counts the attempt under its keys and reads every counter (in memory, {@link RiskVelocity}), scores it ({@link RiskScore}), and lets the
 * merchant's rules and lists decide ({@link RiskRules}), or Payrail's default rules where the merchant saved none. The
 * decision is pure and in core; this class only gathers what it needs. A merchant's rules and lists are read from
 * their tables when first needed, then again every {@code payrail.risk.rules-refresh} (2 s) in the background (never
 * on a request's path), at once in the process that changed them: a change reaches every process within that. A
 * merchant not evaluated for 10 minutes is forgotten, so the cache holds the merchants taking payments.
 */
@Service
public class RiskEvaluator {
    /** The rule set a merchant evaluates with: parsed once, with its lists. */
    private record Loaded(int version, List<RiskRule> rules, List<RiskList.Entry> lists, Instant readAt) {
    }

    /** A merchant's loaded set, replaced by the refresher, and when an evaluation last used it. */
    private static final class Cached {
        volatile Loaded set;
        volatile Instant usedAt;

        Cached(Loaded set) {
            this.set = set;
            this.usedAt = set.readAt();
        }
    }

    private static final Duration FORGET_UNUSED = Duration.ofMinutes(10);

    /** What was evaluated and decided: the facts the rules read and the outcome the payment records. */
    public record Evaluation(RiskFacts facts, RiskOutcome outcome) {
    }

    private static final int MAX_LIST_ENTRIES = 10_000;

    private final RiskStore store;
    private final RiskVelocity velocity;
    private final MeterRegistry meters;
    private final Duration refresh;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Cached> loaded = new ConcurrentHashMap<>();
    private final Timer latency;

    private final FeatureFlags flags;

    RiskEvaluator(RiskStore store, RiskVelocity velocity, MeterRegistry meters, FeatureFlags flags,
                  @Value("${payrail.risk.rules-refresh:PT2S}") Duration refresh) {
        this.flags = flags;
        this.store = store;
        this.velocity = velocity;
        this.meters = meters;
        this.refresh = refresh;
        this.latency = Timer.builder("payrail.risk.evaluation").description("risk evaluation of an attempt, counters included")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(1))
                .serviceLevelObjectives(Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2)).register(meters);
        for (String phase : List.of("history", "velocity", "decision")) {
            phases.put(phase, Timer.builder("payrail.risk.evaluation.phase").tag("phase", phase)
                    .description("one part of a risk evaluation").publishPercentiles(0.5, 0.99).register(meters));
        }
    }

    private final Map<String, Timer> phases = new java.util.HashMap<>();

    /**
     * Evaluates an attempt of {@code merchantId} with the signals {@code gathered} gives (the caller's reads of its own
     * history, timed with the rest): the attempt is counted (in the caller's transaction, so a refused confirm that
     * rolls back counts nothing) and the counters include it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Evaluation evaluate(String merchantId, java.util.function.Supplier<RiskSignals> gathered) {
        long start = System.nanoTime();
        RiskSignals signals = gathered.get();
        long gatheredAt = System.nanoTime();
        Instant now = clock.instant();
        VelocityKeys keys = VelocityKeys.of(signals);
        RiskFacts unscored = signals.facts(velocity.countAndRead(merchantId, keys, now));
        long countedAt = System.nanoTime();
        RiskScore.Score score = RiskScore.of(unscored);
        RiskFacts facts = RiskScore.scored(unscored, score);
        Loaded set = rulesOf(merchantId);
        // the rollout of enforcement, merchant by merchant: log-only evaluates and records, and decides nothing
        boolean enforced = !"log_only".equals(flags.variant(FlagCatalog.RISK_ENFORCEMENT, merchantId, merchantId));
        RiskOutcome outcome = RiskOutcome.of(RiskRules.decide(set.rules(), set.lists(), facts), score, set.version(), now,
                enforced);
        long end = System.nanoTime();
        latency.record(end - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        // where an evaluation's time goes: the caller's history reads, the counters, the rules (docs/risk.md)
        phases.get("history").record(gatheredAt - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        phases.get("velocity").record(countedAt - gatheredAt, java.util.concurrent.TimeUnit.NANOSECONDS);
        phases.get("decision").record(end - countedAt, java.util.concurrent.TimeUnit.NANOSECONDS);
        Counter.builder("payrail.risk.decisions").description("risk evaluations by action")
                .tag("action", outcome.action().wireName()).register(meters).increment();
        return new Evaluation(facts, outcome);
    }

    /** The issuer declined an attempt evaluated with {@code facts}: counted under the same keys. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void declined(String merchantId, RiskFacts facts) {
        velocity.declined(merchantId, VelocityKeys.of(facts), clock.instant());
    }

    /** Rules or lists of {@code merchantId} changed in this process: the next evaluation reads them again. */
    void changed(String merchantId) {
        loaded.remove(merchantId);
    }

    /** The merchant's rules (its latest set; Payrail's defaults, version 0, while it has saved none) and lists. */
    RuleSetInUse inUse(String merchantId) {
        Loaded set = rulesOf(merchantId);
        return new RuleSetInUse(set.version(), set.rules(), set.lists());
    }

    record RuleSetInUse(int version, List<RiskRule> rules, List<RiskList.Entry> lists) {
    }

    private Loaded rulesOf(String merchantId) {
        Cached cached = loaded.get(merchantId);
        if (cached == null) {
            // read outside the map's lock: two first evaluations may both read, one of them is kept
            Cached fresh = new Cached(load(merchantId));
            cached = java.util.Objects.requireNonNullElse(loaded.putIfAbsent(merchantId, fresh), fresh);
        }
        cached.usedAt = clock.instant();
        return cached.set;
    }

    /** Reads again every merchant's set in use (another process may have changed it); forgets the unused. */
    @Scheduled(fixedDelayString = "${payrail.risk.rules-refresh:PT2S}")
    void refreshRules() {
        Instant now = clock.instant();
        loaded.forEach((merchantId, cached) -> {
            if (cached.usedAt.plus(FORGET_UNUSED).isBefore(now)) {
                loaded.remove(merchantId, cached);
            } else if (cached.set.readAt().plus(refresh).isBefore(now.plusMillis(1))) {
                cached.set = load(merchantId);
            }
        });
    }

    private Loaded load(String merchantId) {
        Optional<RiskStore.RuleSet> saved = store.rules(merchantId, Optional.empty());
        List<RiskRule> rules = saved.map(set -> set.rules().stream()
                        .map(r -> RiskRule.of(r.id(), r.action(), r.condition(), r.logOnly())).toList())
                .orElse(DefaultRiskRules.RULES);
        List<RiskList.Entry> lists = store.list(merchantId, Optional.empty(), MAX_LIST_ENTRIES).stream()
                .map(RiskStore.ListEntry::entry).toList();
        return new Loaded(saved.map(RiskStore.RuleSet::version).orElse(0), rules, lists, clock.instant());
    }
}
