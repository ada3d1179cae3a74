package dev.payrail.server.risk;

import dev.payrail.core.risk.DefaultRiskRules;
import dev.payrail.core.risk.RiskFacts;
import dev.payrail.core.risk.RiskList;
import dev.payrail.core.risk.RiskRule;
import dev.payrail.core.risk.RiskRules;
import dev.payrail.core.risk.RiskScore;
import dev.payrail.core.risk.RiskSignals;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.annotation.Value;
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
 * counts the attempt under its keys, reads every counter in one statement, scores it ({@link RiskScore}), and lets the
 * merchant's rules and lists decide ({@link RiskRules}), or Payrail's default rules where the merchant saved none. The
 * decision is pure and in core; this class only gathers what it needs. A merchant's rules and lists are read from
 * their tables at most every {@code payrail.risk.rules-refresh} (2 s) per process, at once in the process that changed
 * them: a change reaches every process within that.
 */
@Service
public class RiskEvaluator {
    /** The rule set a merchant evaluates with: parsed once, with its lists. */
    private record Loaded(int version, List<RiskRule> rules, List<RiskList.Entry> lists, Instant readAt) {
    }

    /** What was evaluated and decided: the facts the rules read and the outcome the payment records. */
    public record Evaluation(RiskFacts facts, RiskOutcome outcome) {
    }

    private static final int MAX_LIST_ENTRIES = 10_000;

    private final RiskStore store;
    private final RiskVelocity velocity;
    private final MeterRegistry meters;
    private final Duration refresh;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();
    private final Timer latency;

    RiskEvaluator(RiskStore store, RiskVelocity velocity, MeterRegistry meters,
                  @Value("${payrail.risk.rules-refresh:PT2S}") Duration refresh) {
        this.store = store;
        this.velocity = velocity;
        this.meters = meters;
        this.refresh = refresh;
        this.latency = Timer.builder("payrail.risk.evaluation").description("risk evaluation of an attempt, counters included")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(1)).register(meters);
    }

    /**
     * Evaluates an attempt of {@code merchantId} with the signals {@code gathered} gives (the caller's reads of its own
     * history, timed with the rest): the attempt is counted (in the caller's transaction, so a refused confirm that
     * rolls back counts nothing) and the counters include it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Evaluation evaluate(String merchantId, java.util.function.Supplier<RiskSignals> gathered) {
        long start = System.nanoTime();
        RiskSignals signals = gathered.get();
        Instant now = clock.instant();
        VelocityKeys keys = VelocityKeys.of(signals);
        RiskFacts unscored = signals.facts(velocity.countAndRead(merchantId, keys, now));
        RiskScore.Score score = RiskScore.of(unscored);
        RiskFacts facts = RiskScore.scored(unscored, score);
        Loaded set = rulesOf(merchantId);
        RiskOutcome outcome = RiskOutcome.of(RiskRules.decide(set.rules(), set.lists(), facts), score, set.version(), now);
        latency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
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
        Loaded current = loaded.get(merchantId);
        Instant now = clock.instant();
        if (current != null && current.readAt().plus(refresh).isAfter(now)) {
            return current;
        }
        Optional<RiskStore.RuleSet> saved = store.rules(merchantId, Optional.empty());
        List<RiskRule> rules = saved.map(set -> set.rules().stream()
                        .map(r -> RiskRule.of(r.id(), r.action(), r.condition(), r.logOnly())).toList())
                .orElse(DefaultRiskRules.RULES);
        List<RiskList.Entry> lists = store.list(merchantId, Optional.empty(), MAX_LIST_ENTRIES).stream()
                .map(RiskStore.ListEntry::entry).toList();
        Loaded fresh = new Loaded(saved.map(RiskStore.RuleSet::version).orElse(0), rules, lists, now);
        loaded.put(merchantId, fresh);
        return fresh;
    }
}
