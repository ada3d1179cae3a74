package dev.payrail.core.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Chooses, among the providers a merchant's rules allow, the one whose recent authorization rate for this payment's
 * segment is best (less the fee it costs, by {@link SuccessRateSettings#costWeight}), and orders the rest behind it as
 * the route's fallbacks. A share of payments goes to another allowed provider (exploration) so that one that recovered
 * is noticed; a provider whose rate fell under the elimination rate is chosen only that way. The rules constrain and
 * the strategy chooses within them: it never returns a provider it was not given. Deterministic for a given window,
 * clock and random source.
 */
public final class SuccessRateStrategy {

    /** Why the first provider of {@link Decision#order} was chosen. */
    public enum Reason { BEST_SCORE, EXPLORATION, ONLY_CANDIDATE, ALL_ELIMINATED }

    /** One provider's score for this payment: the level it was read at, what that level showed, and the score. */
    public record Score(String provider, String level, long attempts, double rate, double feeShare, double score,
                        boolean eliminated) {
    }

    /** The providers to try in order, why the first, and every candidate's score at the time. */
    public record Decision(List<String> order, Reason reason, String segment, List<Score> scores) {
        public String chosen() {
            return order.get(0);
        }
    }

    private final SuccessRateSettings settings;
    private final SuccessRateWindow window;

    public SuccessRateStrategy(SuccessRateSettings settings, SuccessRateWindow window) {
        this.settings = settings;
        this.window = window;
    }

    /**
     * @param allowed the providers the rules allow, in the rules' order (ties keep it)
     * @param feeShares each provider's fee for this payment as a share of its amount (absent: none)
     */
    public Decision choose(Segment segment, List<String> allowed, Map<String, Double> feeShares, Instant now, RandomGenerator random) {
        if (allowed.isEmpty()) {
            throw new IllegalArgumentException("no provider to choose from");
        }
        List<Score> scores = new ArrayList<>();
        for (String provider : allowed) {
            scores.add(score(segment, provider, feeShares.getOrDefault(provider, 0.0), now));
        }
        List<Score> ranked = new ArrayList<>(scores);
        // by score, best first; the eliminated after every other; ties in the rules' order (a stable sort)
        ranked.sort(Comparator.comparing(Score::eliminated).thenComparing(Comparator.comparingDouble(Score::score).reversed()));
        List<String> order = new ArrayList<>(ranked.stream().map(Score::provider).toList());
        Reason reason;
        if (order.size() == 1) {
            reason = Reason.ONLY_CANDIDATE;
        } else if (random.nextDouble() < settings.explorationShare()) {
            String explored = order.get(1 + random.nextInt(order.size() - 1));
            order.remove(explored);
            order.add(0, explored);
            reason = Reason.EXPLORATION;
        } else {
            reason = ranked.get(0).eliminated() ? Reason.ALL_ELIMINATED : Reason.BEST_SCORE;
        }
        return new Decision(List.copyOf(order), reason, segment.key(), List.copyOf(scores));
    }

    /** The provider's rate over all traffic in the window (its prior where it has none): what the metrics show. */
    public double overallRate(String provider, Instant now) {
        return window.counts("all", provider, now).rate(settings.priorRate(), settings.priorWeight());
    }

    /** What the window holds now, every level at every provider: the scores' inputs, for operators. */
    public List<SuccessRateWindow.LevelCounts> snapshot(Instant now) {
        return window.snapshot(now);
    }

    public SuccessRateSettings settings() {
        return settings;
    }

    /** Records what an authorization sent to {@code provider} for {@code segment} got. */
    public void learn(Segment segment, String provider, SuccessRateWindow.Outcome outcome, Instant at) {
        window.record(segment, provider, outcome, at);
    }

    /**
     * The provider's score, read from all traffic down to this payment's whole segment, each level's rate drawn toward
     * the level above by {@link SuccessRateSettings#minSamples} outcomes' weight (the one above all traffic being the
     * prior): a segment with many recent outcomes is routed by its own, a rare one by its neighbours', and news at a
     * coarse level (an incident at one provider) reaches every segment under it at once.
     */
    Score score(Segment segment, String provider, double feeShare, Instant now) {
        List<String> levels = segment.levels();
        double rate = settings.priorRate();
        double weight = settings.priorWeight();
        long attemptsAll = 0;
        long attempts = 0;
        for (int i = levels.size() - 1; i >= 0; i--) {
            SuccessRateWindow.Counts c = window.counts(levels.get(i), provider, now);
            rate = (c.approvals() + rate * weight) / (c.attempts() + weight);
            weight = settings.minSamples();
            attempts = c.attempts();
            if (i == levels.size() - 1) {
                attemptsAll = c.attempts();
            }
        }
        boolean eliminated = attemptsAll >= settings.minSamples() && rate < settings.eliminationRate();
        return new Score(provider, levels.get(0), attempts, rate, feeShare, rate - settings.costWeight() * feeShare, eliminated);
    }

    /** The scores as a payment records them (docs/routing.md): provider to its rate, level and attempts. */
    public static Map<String, Object> explain(Decision decision) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("strategy", "success_rate");
        json.put("reason", decision.reason().name().toLowerCase(java.util.Locale.ROOT));
        json.put("segment", decision.segment());
        List<Map<String, Object>> scores = new ArrayList<>();
        for (Score s : decision.scores()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("provider", s.provider());
            one.put("level", s.level());
            one.put("attempts", s.attempts());
            one.put("rate", Math.round(s.rate() * 10_000) / 10_000.0);
            one.put("fee_share", s.feeShare());
            one.put("score", Math.round(s.score() * 10_000) / 10_000.0);
            one.put("eliminated", s.eliminated());
            scores.add(one);
        }
        json.put("scores", scores);
        return json;
    }
}
