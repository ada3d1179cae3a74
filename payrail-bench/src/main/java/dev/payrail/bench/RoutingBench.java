package dev.payrail.bench;

import dev.payrail.core.money.CurrencyCode;
import dev.payrail.core.money.Money;
import dev.payrail.core.providers.DeclineCodes;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.core.routing.Cascade;
import dev.payrail.core.routing.Segment;
import dev.payrail.core.routing.SuccessRateSettings;
import dev.payrail.core.routing.SuccessRateStrategy;
import dev.payrail.core.routing.SuccessRateWindow;
import dev.payrail.sim.SimMarket;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The same payments of a seeded card market ({@link SimMarket}: docs/routing.md) routed three ways: (a) the best static
 * rule (per currency, the provider with the best approval in the market's base rates: what a merchant would set after a
 * study), (b) the success-rate strategy of payrail-core, (c) the strategy with cascading after soft declines. Reports
 * authorization rate, fees, latency, attempts per payment, and how fast the strategy routes around each incident and
 * back. Simulated time: every answer is the market's, drawn per payment and provider, so the three see the same luck.
 *
 * <pre>java -jar payrail-bench.jar routing [--market FILE] [--payments N] [--out-dir DIR]</pre>
 */
final class RoutingBench {
    /** Midnight UTC: the market's time starts here, so that its hours are the hours of the day. */
    static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    private static final Duration BUCKET = Duration.ofSeconds(10);

    enum Arm { STATIC_RULE, LEARNING, LEARNING_CASCADING }

    /** What one arm measured. */
    static final class Result {
        final Arm arm;
        long payments;
        long approved;
        long goodCards;
        long approvedGoodCards;
        long attempts;
        long cascades;
        long cascadesAfterHardDecline;
        long merchantInitiated;
        long merchantInitiatedApproved;
        final Histogram feeBasisPoints = new Histogram(100_000, 3);
        final Histogram latency = new Histogram(60_000, 3);
        /** The merchant-initiated payments this arm left declined, for the retry schedules to try again. */
        final List<DeclinedMit> declinedMits = new ArrayList<>();
        /** Per incident, per 10-second bucket: payments the incident concerns, and those sent to its provider. */
        final Map<Integer, Map<Long, long[]>> incidentTraffic = new HashMap<>();

        Result(Arm arm) {
            this.arm = arm;
        }

        double authorizationRate() {
            return approved / (double) payments;
        }

        double goodCardRate() {
            return approvedGoodCards / (double) goodCards;
        }
    }

    /** A merchant-initiated payment left declined: where it went first, its last code, how many attempts it had. */
    record DeclinedMit(long index, String provider, String declineCode, boolean hard, int attempts) {
    }

    /** The strategy's settings: the defaults, or as {@code --window}, {@code --min-samples}, {@code --exploration} say. */
    private static SuccessRateSettings SETTINGS = SuccessRateSettings.defaults();
    /** The declines cascaded after: Payrail's defaults, or {@code --cascadable a,b,c}. */
    private static java.util.Set<String> CASCADABLE = Cascade.DEFAULT_CASCADABLE;

    private RoutingBench() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        SuccessRateSettings d = SuccessRateSettings.defaults();
        SETTINGS = new SuccessRateSettings(Duration.parse(options.getOrDefault("window", d.window().toString())),
                Integer.parseInt(options.getOrDefault("min-samples", Integer.toString(d.minSamples()))),
                Double.parseDouble(options.getOrDefault("exploration", Double.toString(d.explorationShare()))),
                d.eliminationRate(), Double.parseDouble(options.getOrDefault("cost-weight", Double.toString(d.costWeight()))),
                d.priorRate(), d.priorWeight());
        if (options.containsKey("cascadable")) {
            CASCADABLE = java.util.Set.of(options.get("cascadable").split(","));
        }
        SimMarket market = options.containsKey("market") ? SimMarket.fromFile(Path.of(options.get("market"))) : SimMarket.defaults();
        int payments = Integer.parseInt(options.getOrDefault("payments", Integer.toString(market.settings().payments())));
        List<Result> results = new ArrayList<>();
        Map<Arm, Result> calm = new HashMap<>();
        SimMarket withoutIncidents = withoutIncidents(market, market.settings().driftAmplitude());
        for (Arm arm : Arm.values()) {
            results.add(run(market, arm, payments));
            // the same arm on the same market without its incidents: the traffic each provider would have had
            calm.put(arm, run(withoutIncidents, arm, payments, market.settings().incidents()));
        }
        String report = report(market, results, calm);
        if (market.settings().merchantInitiated() != null) {
            // the merchant-initiated payments the best routing (learning, cascading) left declined, tried again
            Result best = results.get(Arm.LEARNING_CASCADING.ordinal());
            Map<String, String> rule = staticRule(market, new ArrayList<>(market.settings().providers().keySet()), Math.min(payments, 20_000));
            List<RoutingRetries.Result> retries = new ArrayList<>();
            for (RoutingRetries.Timing timing : RoutingRetries.Timing.values()) {
                retries.add(RoutingRetries.run(market, best.declinedMits, timing, rule, payments));
            }
            report += "\n" + RoutingRetries.report(best, retries);
        }
        System.out.println(report);
        if (options.containsKey("out-dir")) {
            Path out = Path.of(options.get("out-dir"));
            Files.createDirectories(out);
            Files.writeString(out.resolve("routing.md"), report);
        }
    }

    static Result run(SimMarket market, Arm arm, int payments) {
        return run(market, arm, payments, market.settings().incidents());
    }

    /** The market as it is without incidents ({@code drift} as given: 0 for its base rates). */
    static SimMarket withoutIncidents(SimMarket market, double drift) {
        SimMarket.Settings s = market.settings();
        return new SimMarket(new SimMarket.Settings(s.seed(), s.duration(), s.payments(), s.population(), s.providers(),
                drift, s.driftPeriod(), s.softDeclines(), s.cardDeclines(), List.of(), s.merchantInitiated()));
    }

    /** One arm over {@code market}; the traffic of {@code watched} incidents' providers and segments is counted. */
    static Result run(SimMarket market, Arm arm, int payments, List<SimMarket.Incident> watched) {
        List<String> providers = new ArrayList<>(market.settings().providers().keySet());
        Map<String, String> staticRule = staticRule(market, providers, Math.min(payments, 20_000));
        SuccessRateSettings settings = SETTINGS;
        SuccessRateStrategy strategy = new SuccessRateStrategy(settings, new SuccessRateWindow(settings.window()));
        SplittableRandom exploration = new SplittableRandom(market.settings().seed());
        Map<String, Double> feeShares = new HashMap<>();
        market.settings().providers().forEach((name, p) -> feeShares.put(name, p.feeBasisPoints() / 10_000.0));
        Result result = new Result(arm);
        for (long i = 0; i < payments; i++) {
            SimMarket.Payment payment = market.payment(i);
            Instant now = START.plus(payment.at());
            Segment segment = Segment.of(payment.brand(), payment.country(),
                    new Money(payment.amount(), CurrencyCode.of(payment.currency())), payment.cardType());
            List<String> order = arm == Arm.STATIC_RULE ? List.of(staticRule.get(payment.currency()))
                    : strategy.choose(segment, providers, feeShares, now, exploration).order();
            List<String> tried = new ArrayList<>();
            long latency = 0;
            SimMarket.Answer answer = null;
            String provider = order.get(0);
            while (provider != null) {
                tried.add(provider);
                answer = market.attempt(provider, payment, tried.size());
                latency += answer.latencyMillis();
                result.attempts++;
                if (arm != Arm.STATIC_RULE) {
                    strategy.learn(segment, provider, answer.approved() ? SuccessRateWindow.Outcome.APPROVED
                            : DeclineCodes.countsAgainstProvider(answer.declineCode()) ? SuccessRateWindow.Outcome.FAILED
                            : SuccessRateWindow.Outcome.NOT_COUNTED, now);
                }
                provider = null;
                if (arm == Arm.LEARNING_CASCADING && !answer.approved()) {
                    ProviderResult declined = new ProviderResult.Declined(answer.declineCode(), "declined", "sim");
                    provider = Cascade.next(declined, CASCADABLE, order, tried, tried.size() > 1).orElse(null);
                    if (provider != null) {
                        result.cascades++;
                        result.cascadesAfterHardDecline += answer.hardDecline() ? 1 : 0;
                    }
                }
            }
            result.payments++;
            boolean goodCard = payment.cardDecline() == null;
            result.goodCards += goodCard ? 1 : 0;
            if (answer.approved()) {
                result.approved++;
                result.approvedGoodCards += goodCard ? 1 : 0;
                result.feeBasisPoints.recordValue(Math.min(99_999, answer.fee() * 10_000 / Math.max(1, payment.amount())));
            }
            result.latency.recordValue(Math.min(latency, 59_999));
            boolean mit = market.merchantInitiated(payment);
            result.merchantInitiated += mit ? 1 : 0;
            result.merchantInitiatedApproved += mit && answer.approved() ? 1 : 0;
            if (!answer.approved() && mit) {
                result.declinedMits.add(new DeclinedMit(i, order.get(0), answer.declineCode(), answer.hardDecline(), tried.size()));
            }
            countIncidentTraffic(watched, result, payment, order.get(0));
        }
        return result;
    }

    /** Per currency, the provider with the best mean approval in the market's base rates (no drift, no incident). */
    static Map<String, String> staticRule(SimMarket market, List<String> providers, int sample) {
        SimMarket base = withoutIncidents(market, 0);
        Map<String, Map<String, Double>> sums = new HashMap<>();
        for (long i = 0; i < sample; i++) {
            SimMarket.Payment payment = base.payment(i);
            for (String provider : providers) {
                sums.computeIfAbsent(payment.currency(), c -> new HashMap<>()).merge(provider, base.approval(provider, payment), Double::sum);
            }
        }
        Map<String, String> rule = new HashMap<>();
        sums.forEach((currency, byProvider) -> rule.put(currency, byProvider.entrySet().stream()
                .max(Map.Entry.comparingByValue()).orElseThrow().getKey()));
        return rule;
    }

    /** For each incident, the payments it concerns per 10-second bucket, and how many were sent first to its provider. */
    private static void countIncidentTraffic(List<SimMarket.Incident> incidents, Result result, SimMarket.Payment payment,
                                             String chosen) {
        for (int n = 0; n < incidents.size(); n++) {
            SimMarket.Incident incident = incidents.get(n);
            if (incident.country() != null && !incident.country().equals(payment.country())) {
                continue;
            }
            long bucket = payment.at().toMillis() / BUCKET.toMillis();
            long[] counts = result.incidentTraffic.computeIfAbsent(n, k -> new HashMap<>()).computeIfAbsent(bucket, k -> new long[2]);
            counts[0]++;
            counts[1] += chosen.equals(incident.provider()) ? 1 : 0;
        }
    }

    /**
     * How long after an incident started its provider's share of the traffic it concerns fell to a tenth of the share it
     * had at the same moment of the same routing's run without the incident (90% moved away), and how long after it
     * ended the share came back to 90% of that: measured against what the routing would have done, so that the market's
     * drift does not count as the incident's. Null where it never did; the third value is the calm run's share during
     * the incident, in thousandths.
     */
    static Duration[] routeAround(Result result, Result calm, int n, SimMarket.Incident incident) {
        Map<Long, long[]> traffic = result.incidentTraffic.getOrDefault(n, Map.of());
        Map<Long, long[]> calmTraffic = calm.incidentTraffic.getOrDefault(n, Map.of());
        long bucketMillis = BUCKET.toMillis();
        long startBucket = incident.start().toMillis() / bucketMillis;
        long endBucket = incident.end().toMillis() / bucketMillis;
        Duration away = null;
        for (long b = startBucket; b < endBucket; b++) {
            if (share(traffic, b, 3) <= share(calmTraffic, b, 3) * 0.1) {
                away = Duration.ofMillis((b + 1) * bucketMillis - incident.start().toMillis());
                break;
            }
        }
        Duration back = null;
        for (long b = endBucket; b < endBucket + Duration.ofMinutes(30).toMillis() / bucketMillis; b++) {
            if (share(traffic, b, 3) >= share(calmTraffic, b, 3) * 0.9) {
                back = Duration.ofMillis((b + 1) * bucketMillis - incident.end().toMillis());
                break;
            }
        }
        long all = 0;
        long theirs = 0;
        for (long b = startBucket; b < endBucket; b++) {
            long[] c = calmTraffic.getOrDefault(b, new long[2]);
            all += c[0];
            theirs += c[1];
        }
        return new Duration[]{away, back, Duration.ofMillis(all == 0 ? 0 : Math.round(1000.0 * theirs / all))};
    }

    /** The provider's share over {@code span} buckets ending at {@code bucket} (a 30-second view of 10-second buckets). */
    private static double share(Map<Long, long[]> traffic, long bucket, int span) {
        long all = 0;
        long theirs = 0;
        for (long b = bucket - span + 1; b <= bucket; b++) {
            long[] c = traffic.getOrDefault(b, new long[2]);
            all += c[0];
            theirs += c[1];
        }
        return all == 0 ? 1 : theirs / (double) all;
    }

    static String report(SimMarket market, List<Result> results, Map<Arm, Result> calm) {
        StringBuilder md = new StringBuilder();
        md.append("| routing | payments | authorization rate | good cards approved | attempts per payment | cascades (after a hard decline) | median fee (bps) | p50 ms | p99 ms |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %.2f%% | %.2f%% | %.3f | %,d (%d) | %.1f | %d | %d |%n",
                    r.arm.name().toLowerCase(Locale.ROOT), r.payments, 100 * r.authorizationRate(), 100 * r.goodCardRate(),
                    r.attempts / (double) r.payments, r.cascades, r.cascadesAfterHardDecline,
                    (double) r.feeBasisPoints.getValueAtPercentile(50),
                    r.latency.getValueAtPercentile(50), r.latency.getValueAtPercentile(99)));
        }
        md.append('\n');
        md.append("| incident | routing | its provider's share without it | 90% moved away after | back to 90% after the end |\n");
        md.append("|---|---|---|---|---|\n");
        List<SimMarket.Incident> incidents = market.settings().incidents();
        for (int n = 0; n < incidents.size(); n++) {
            SimMarket.Incident incident = incidents.get(n);
            for (Result r : results) {
                if (r.arm == Arm.STATIC_RULE) {
                    continue;
                }
                if (incident.kind().equals("slowdown")) {
                    continue;   // not a rate incident: the success rate does not see it (p99 above)
                }
                Duration[] times = routeAround(r, calm.get(r.arm), n, incident);
                md.append(String.format(Locale.ROOT, "| %s %s%s %s-%s | %s | %.0f%% | %s | %s |%n", incident.kind(), incident.provider(),
                        incident.country() == null ? "" : " " + incident.country(), incident.start(), incident.end(),
                        r.arm.name().toLowerCase(Locale.ROOT), times[2].toMillis() / 10.0,
                        times[0] == null ? "never" : times[0].toSeconds() + " s", times[1] == null ? "never" : times[1].toSeconds() + " s"));
            }
        }
        return md.toString();
    }
}
