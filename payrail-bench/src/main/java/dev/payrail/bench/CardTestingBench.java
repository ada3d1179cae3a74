package dev.payrail.bench;

import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A card-testing attack against a running Payrail with its default risk rules (issue 21), open loop: legitimate
 * customers pay at {@code --legit-rate} per second (each with a card and an address of their own; some households and
 * a mobile carrier's shared addresses among them) while a tester runs {@code --attack-rate} small authorizations per
 * second from {@code --attack-ips} addresses, a new card each time, most of them numbers the simulator's issuer never
 * issued (BIN 400099: declined {@code incorrect_number}). Reports the share of attack attempts blocked before any
 * provider call, the legitimate payments blocked (false positives), the provider calls saved, the legitimate
 * payments' request latency, and the server's own timing of the risk evaluation (counters included), read from its
 * {@code payrail_risk_evaluation_seconds} histogram before and after the run.
 *
 * <pre>
 * java -jar payrail-bench.jar card-testing --data-dir DIR [--url http://localhost:8080] [--legit-rate 10]
 *      [--attack-rate 40] [--attack-ips 5] [--live-share 0.15] [--duration 120] [--warmup-seconds 60] [--seed 21]
 * </pre>
 */
final class CardTestingBench {
    private static final Pattern BUCKET = Pattern.compile(
            "^payrail_risk_evaluation_seconds_bucket\\{.*le=\"([^\"]+)\".*} ([0-9.eE+]+)$");

    /** What one side's answers were: approved, declined by the issuer, blocked by the rules, anything else. */
    private static final class Tally {
        final AtomicLong approved = new AtomicLong();
        final AtomicLong declined = new AtomicLong();
        final AtomicLong blocked = new AtomicLong();
        final AtomicLong other = new AtomicLong();
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);

        long total() {
            return approved.get() + declined.get() + blocked.get() + other.get();
        }

        void count(HttpResponse<String> answer, long nanos) {
            synchronized (latency) {
                latency.recordValue(Math.min(nanos, latency.getHighestTrackableValue()));
            }
            if (answer == null) {
                other.incrementAndGet();
            } else if (answer.statusCode() == 200) {
                approved.incrementAndGet();
            } else if (answer.statusCode() == 402 && answer.body().contains("\"decline_code\":\"blocked\"")) {
                blocked.incrementAndGet();
            } else if (answer.statusCode() == 402) {
                declined.incrementAndGet();
            } else {
                other.incrementAndGet();
            }
        }
    }

    private CardTestingBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path dataDir = Path.of(options.getOrDefault("data-dir", "data"));
        String key = options.containsKey("key") ? options.get("key") : Files.readString(dataDir.resolve("demo-merchant.key")).strip();
        String url = options.getOrDefault("url", "http://localhost:8080");
        MerchantClient client = MerchantClient.of(url, key);
        int legitRate = Integer.parseInt(options.getOrDefault("legit-rate", "10"));
        int attackRate = Integer.parseInt(options.getOrDefault("attack-rate", "40"));
        int attackIps = Integer.parseInt(options.getOrDefault("attack-ips", "5"));
        double liveShare = Double.parseDouble(options.getOrDefault("live-share", "0.15"));
        int seconds = Integer.parseInt(options.getOrDefault("duration", "120"));
        SplittableRandom seeds = new SplittableRandom(Long.parseLong(options.getOrDefault("seed", "21")));

        int warmupSeconds = Integer.parseInt(options.getOrDefault("warmup-seconds", "60"));
        int perSecond = legitRate + attackRate;

        // warm the server's paths (JIT, every pooled connection's prepared statements) with the same mix at the same
        // rates, from other customers and another tester's addresses, not counted: the run measures a server in its
        // steady state, as production runs. A minute, because a fresh database's first minute is not one: until
        // autovacuum first analyzes the new payments (its naptime is a minute), the history statement of every
        // evaluation takes over a millisecond (docs/benchmarks.md). --warmup-seconds 0 measures that first minute.
        Population warmCustomers = new Population(seeds.split(), "100.96.");
        Attacker warmTester = new Attacker(seeds.split(), attackIps, liveShare, "198.18.0.");
        for (int i = 0; i < 20; i++) {
            pay(client, warmCustomers.next());
        }
        openLoop(client, warmupSeconds, perSecond, attackRate, warmCustomers, warmTester, new Tally(), new Tally());
        Map<Double, Double> before = evaluationBuckets(client, url);

        Population customers = new Population(seeds.split(), "100.64.");
        Attacker tester = new Attacker(seeds.split(), attackIps, liveShare, "203.0.113.");
        Tally legit = new Tally();
        Tally attack = new Tally();
        long start = System.nanoTime();
        openLoop(client, seconds, perSecond, attackRate, customers, tester, legit, attack);
        double elapsed = (System.nanoTime() - start) / 1e9;
        Map<Double, Double> after = evaluationBuckets(client, url);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("seconds", Math.round(elapsed));
        report.put("attack_attempts", attack.total());
        report.put("attack_blocked_before_provider", attack.blocked.get());
        report.put("attack_blocked_share", share(attack.blocked.get(), attack.total()));
        report.put("attack_reached_provider", attack.approved.get() + attack.declined.get());
        report.put("attack_approved", attack.approved.get());
        report.put("attack_errors", attack.other.get());
        report.put("legit_payments", legit.total());
        report.put("legit_blocked", legit.blocked.get());
        report.put("legit_false_positive_share", share(legit.blocked.get(), legit.total()));
        report.put("legit_errors", legit.other.get());
        report.put("provider_calls_saved", attack.blocked.get() + legit.blocked.get());
        report.put("legit_latency_ms_p50", ms(legit.latency.getValueAtPercentile(50)));
        report.put("legit_latency_ms_p99", ms(legit.latency.getValueAtPercentile(99)));
        report.put("risk_evaluation", quantiles(before, after));
        report.put("risk_evaluation_server_percentiles", serverPercentiles(client, url));
        System.out.println(RunResult.json(report));
    }

    /**
     * {@code perSecond} payments a second for {@code seconds}, open loop ({@code attackRate} of each second's from the
     * tester), each answer counted in its tally with its latency from when it was due.
     */
    private static void openLoop(MerchantClient client, int seconds, int perSecond, int attackRate, Population customers,
                                 Attacker tester, Tally legit, Tally attack) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(64);
        long total = (long) perSecond * seconds;
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean attacking = i % perSecond < attackRate;
            String body;
            synchronized (CardTestingBench.class) {            // the draws are sequential: a seed gives one run
                body = attacking ? tester.next() : customers.next();
            }
            Tally tally = attacking ? attack : legit;
            pool.execute(() -> {
                HttpResponse<String> answer;
                try {
                    answer = pay(client, body);
                } catch (RuntimeException e) {
                    answer = null;
                }
                tally.count(answer, System.nanoTime() - due);
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
    }

    private static HttpResponse<String> pay(MerchantClient client, String body) {
        return client.post("/v1/payments", body);
    }

    /** Legitimate customers: a card and an address each; 5% households (3 cards, one address), 2% a carrier's NAT. */
    private static final class Population {
        private final SplittableRandom random;
        private final String network;
        private final List<String[]> households = new ArrayList<>();

        Population(SplittableRandom random, String network) {
            this.random = random;
            this.network = network;
            for (int i = 0; i < 40; i++) {
                households.add(new String[]{address(), null});
            }
        }

        String next() {
            double draw = random.nextDouble();
            String ip = draw < 0.02 ? "100.127.255." + (1 + random.nextInt(3))          // a mobile carrier's shared addresses
                    : draw < 0.07 ? households.get(random.nextInt(households.size()))[0] : address();
            long amount = Math.max(100, Math.round(4000 * Math.exp(0.9 * random.nextGaussian())));
            return payment(amount, liveCard(random), ip, "customer" + random.nextInt(1_000_000) + "@mail.example");
        }

        private String address() {
            return network + random.nextInt(64) + "." + (1 + random.nextInt(254));
        }
    }

    /** The tester: a handful of addresses, a new card each attempt, most never issued, amounts of one or two dollars. */
    private static final class Attacker {
        private final SplittableRandom random;
        private final int ips;
        private final double liveShare;
        private final String network;

        Attacker(SplittableRandom random, int ips, double liveShare, String network) {
            this.random = random;
            this.ips = ips;
            this.liveShare = liveShare;
            this.network = network;
        }

        String next() {
            String number = random.nextDouble() < liveShare ? liveCard(random)
                    : dev.payrail.core.cards.CardNumber.withCheckDigit("400099" + digits(random, 9));
            return payment(50 + random.nextInt(250), number, network + (1 + random.nextInt(ips)), null);
        }
    }

    private static String liveCard(SplittableRandom random) {
        String body;
        do {
            body = "4" + digits(random, 14);
        } while (body.startsWith("400099") || body.startsWith("4000000"));     // not the simulator's test cards
        return dev.payrail.core.cards.CardNumber.withCheckDigit(body);
    }

    private static String digits(SplittableRandom random, int count) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < count; i++) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    private static String payment(long amount, String number, String ip, String email) {
        return "{\"amount\": " + amount + ", \"currency\": \"usd\", \"confirm\": true, \"card\": {\"number\": \"" + number
                + "\", \"exp_month\": 12, \"exp_year\": 2034, \"cvc\": \"123\"}, \"customer_details\": {\"ip_address\": \""
                + ip + "\"" + (email == null ? "" : ", \"email\": \"" + email + "\"") + "}}";
    }

    /** The server's metrics as Prometheus reads them, a line each. */
    private static String[] scrape(MerchantClient client, String url) throws Exception {
        return client.http().send(HttpRequest.newBuilder(URI.create(url + "/actuator/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body().split("\n");
    }

    /** The cumulative bucket counts of the server's evaluation timer, by upper bound in seconds. */
    private static Map<Double, Double> evaluationBuckets(MerchantClient client, String url) throws Exception {
        Map<Double, Double> buckets = new TreeMap<>();
        for (String line : scrape(client, url)) {
            Matcher m = BUCKET.matcher(line);
            if (m.matches()) {
                buckets.put(m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)),
                        Double.parseDouble(m.group(2)));
            }
        }
        return buckets;
    }

    /** p50 and p99 of the evaluations between two scrapes: the upper bound of the bucket each falls in, in ms. */
    private static Map<String, Object> quantiles(Map<Double, Double> before, Map<Double, Double> after) {
        Map<String, Object> out = new LinkedHashMap<>();
        double count = after.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        out.put("evaluations", Math.round(count));
        for (double q : new double[]{0.5, 0.99, 0.999}) {
            for (Map.Entry<Double, Double> bucket : after.entrySet()) {
                double within = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0);
                if (count > 0 && within >= q * count) {
                    out.put("p" + String.format(Locale.ROOT, "%s", q * 100).replace(".0", "") + "_ms_at_most",
                            bucket.getKey().isInfinite() ? null : Math.round(bucket.getKey() * 1e6) / 1000.0);
                    break;
                }
            }
        }
        double withinMs = after.getOrDefault(0.001, 0.0) - before.getOrDefault(0.001, 0.0);
        out.put("share_within_1ms", count == 0 ? null : share(Math.round(withinMs), Math.round(count)));
        return out;
    }

    private static final Pattern QUANTILE = Pattern.compile(
            "^payrail_risk_evaluation_phase_seconds\\{phase=\"([a-z]+)\",quantile=\"([0-9.]+)\"} ([0-9.eE+-]+)$");

    /**
     * The server's own percentiles at the end of the run (its timers' decaying window: about the last two minutes), in
     * ms, of each part of an evaluation (history reads, counters, decision).
     */
    private static Map<String, Object> serverPercentiles(MerchantClient client, String url) throws Exception {
        Map<String, Object> out = new TreeMap<>();
        for (String line : scrape(client, url)) {
            Matcher m = QUANTILE.matcher(line);
            if (m.matches()) {
                String name = m.group(1) + "_p" + (m.group(2).equals("0.5") ? "50" : "99") + "_ms";
                out.put(name, Math.round(Double.parseDouble(m.group(3)) * 1e6) / 1000.0);
            }
        }
        return out;
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : Math.round(10_000.0 * part / whole) / 100.0;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
