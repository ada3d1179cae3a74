package dev.payrail.bench;

import dev.payrail.core.retries.ApprovalHours;
import dev.payrail.core.retries.NetworkRetryLimits;
import dev.payrail.core.retries.RetrySchedule;
import dev.payrail.core.retries.SmartRetries;
import dev.payrail.sim.SimMarket;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The merchant-initiated payments a routing left declined, tried again by payrail-core's {@link SmartRetries} with its
 * default schedule, in simulated time, in the order the retries fall due: at the schedule's nominal times, or moved to
 * the hour the card's segment (brand and currency, as the server keys it) approves best, learnt online from a day of
 * the market's traffic and from every retry's answer. Each retry goes to the provider the payment went to first (the
 * market's incidents are long over by then); the market decides when a card's decline clears and how the hour weighs.
 */
final class RoutingRetries {
    private static final Instant START = RoutingBench.START;
    /** As the server's SmartRetryPlanner: outcomes an hour needs before it may be named best. */
    private static final int MIN_SAMPLES_PER_HOUR = 20;

    enum Timing { NOMINAL, BEST_HOUR }

    /** What one timing measured. */
    static final class Result {
        final Timing timing;
        long hardDeclined;
        long softDeclined;
        long recovered;
        long retries;
        /** Retries made although the attempt before was a hard decline: the rule says never, the count checks it. */
        long retriesAfterHardDecline;
        final Map<SmartRetries.Stop, Long> stops = new EnumMap<>(SmartRetries.Stop.class);
        /** Hours from the first decline to the approval. */
        final Histogram hoursToRecovery = new Histogram(24L * 30, 3);

        Result(Timing timing) {
            this.timing = timing;
        }
    }

    /** One declined payment's schedule as it runs. */
    private static final class Schedule {
        final SimMarket.Payment payment;
        final String provider;
        final Instant firstDeclined;
        final List<Instant> declines = new ArrayList<>();
        int attempts;
        String lastCode;
        boolean lastHard;
        Instant next;

        Schedule(SimMarket.Payment payment, RoutingBench.DeclinedMit declined, Instant at) {
            this.payment = payment;
            this.provider = declined.provider();
            this.firstDeclined = at;
            this.attempts = declined.attempts();
            this.lastCode = declined.declineCode();
            this.lastHard = declined.hard();
            for (int i = 0; i < declined.attempts(); i++) {
                declines.add(at);
            }
        }

        String key() {
            return payment.brand() + ":" + payment.currency();
        }

        NetworkRetryLimits.CardDeclines declinesAt(Instant now) {
            int day = (int) declines.stream().filter(d -> d.isAfter(now.minus(Duration.ofDays(1)))).count();
            int month = (int) declines.stream().filter(d -> d.isAfter(now.minus(Duration.ofDays(30)))).count();
            return new NetworkRetryLimits.CardDeclines(day, month);
        }
    }

    private RoutingRetries() {
    }

    static Result run(SimMarket market, List<RoutingBench.DeclinedMit> declined, Timing timing, Map<String, String> rule,
                      int payments) {
        Result result = new Result(timing);
        ApprovalHours hours = new ApprovalHours(MIN_SAMPLES_PER_HOUR);
        if (timing == Timing.BEST_HOUR) {
            learnADay(market, hours, rule, payments);
        }
        PriorityQueue<Schedule> due = new PriorityQueue<>(Comparator.comparing((Schedule s) -> s.next));
        for (RoutingBench.DeclinedMit d : declined) {
            SimMarket.Payment payment = market.payment(d.index());
            Schedule schedule = new Schedule(payment, d, START.plus(payment.at()));
            if (d.hard()) {
                result.hardDeclined++;
            } else if (SmartRetries.RETRYABLE.contains(d.declineCode())) {
                result.softDeclined++;
            }
            plan(schedule, schedule.firstDeclined, timing, hours, result, due);
        }
        while (!due.isEmpty()) {
            Schedule s = due.poll();
            result.retriesAfterHardDecline += s.lastHard ? 1 : 0;
            result.retries++;
            s.attempts++;
            SimMarket.Answer answer = market.retry(s.provider, s.payment, s.attempts, Duration.between(START, s.next));
            if (timing == Timing.BEST_HOUR) {
                hours.learn(s.key(), s.next.atZone(ZoneOffset.UTC).getHour(), answer.approved());
            }
            if (answer.approved()) {
                result.recovered++;
                result.hoursToRecovery.recordValue(Duration.between(s.firstDeclined, s.next).toHours());
                continue;
            }
            s.declines.add(s.next);
            s.lastCode = answer.declineCode();
            s.lastHard = answer.hardDecline();
            plan(s, s.next, timing, hours, result, due);
        }
        return result;
    }

    /** The schedule's next step after a decline at {@code now}: due again, or stopped for a reason counted. */
    private static void plan(Schedule s, Instant now, Timing timing, ApprovalHours hours, Result result, PriorityQueue<Schedule> due) {
        Optional<Integer> bestHour = timing == Timing.BEST_HOUR ? hours.bestHour(s.key()) : Optional.empty();
        SmartRetries.Decision decision = SmartRetries.decide(RetrySchedule.DEFAULT, s.lastCode, s.attempts, s.firstDeclined, now,
                s.payment.brand(), s.declinesAt(now), bestHour);
        if (decision instanceof SmartRetries.Decision.Retry retry) {
            s.next = retry.at();
            due.add(s);
        } else if (decision instanceof SmartRetries.Decision.Stopped stopped) {
            result.stops.merge(stopped.reason(), 1L, Long::sum);
        }
    }

    /**
     * The hours as the server learns them, from every card authorization: the market's payments spread over one day
     * before the retries start, each at the provider the static rule names for its currency.
     */
    private static void learnADay(SimMarket market, ApprovalHours hours, Map<String, String> rule, int payments) {
        long day = Duration.ofDays(1).toMillis();
        for (long i = 0; i < payments; i++) {
            SimMarket.Payment payment = market.payment(i);
            Duration at = Duration.ofMillis(i * day / payments);
            hours.learn(payment.brand() + ":" + payment.currency(), (int) at.toHours(),
                    market.approvedAt(rule.get(payment.currency()), payment, at));
        }
    }

    static String report(RoutingBench.Result routed, List<Result> results) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Merchant-initiated payments: %,d of %,d; %.2f%% authorized by %s routing before any retry.%n%n",
                routed.merchantInitiated, routed.payments, 100.0 * routed.merchantInitiatedApproved / routed.merchantInitiated,
                routed.arm.name().toLowerCase(Locale.ROOT)));
        md.append("| retry timing | declined: hard (not retried) | declined: soft (retried) | recovered | recovered share of soft | MIT authorization rate after | retries | retries after a hard decline | stopped: hard / attempts / window / network | median hours to recovery |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %.1f%% | %.2f%% | %,d | %d | %d / %d / %d / %d | %d |%n",
                    r.timing.name().toLowerCase(Locale.ROOT), r.hardDeclined, r.softDeclined, r.recovered,
                    100.0 * r.recovered / Math.max(1, r.softDeclined),
                    100.0 * (routed.merchantInitiatedApproved + r.recovered) / routed.merchantInitiated, r.retries,
                    r.retriesAfterHardDecline, stop(r, SmartRetries.Stop.HARD_DECLINE), stop(r, SmartRetries.Stop.ATTEMPTS_EXHAUSTED),
                    stop(r, SmartRetries.Stop.WINDOW_EXHAUSTED), stop(r, SmartRetries.Stop.NETWORK_LIMIT),
                    r.hoursToRecovery.getValueAtPercentile(50)));
        }
        return md.toString();
    }

    private static long stop(Result r, SmartRetries.Stop reason) {
        return r.stops.getOrDefault(reason, 0L);
    }
}
