package dev.payrail.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator: requests start at a constant rate whether or not earlier ones finished,
 * and each latency is measured from when the request was due, not from when a worker got to it, so a
 * stalled server cannot hide its stall (no coordinated omission).
 *
 * <pre>
 * java -jar payrail-bench/target/payrail-bench.jar --data-dir /tmp/bench-data \
 *      --scenario card_payment[,refund,...] (--rate 200 | --rates 50,100 | --step-rates 50,100,200,400 --p99-bound-ms 50) \
 *      [--duration 20] [--warmup 5] [--prewarm 60 --prewarm-rate 50] [--workers 256] [--sim-latency-ms 0] [--pgbench-clients 4,8,16 | 0] [--out-dir DIR]
 * </pre>
 * With {@code --data-dir} (Payrail's {@code PAYRAIL_DATA_DIR}) the key and the embedded database's port are
 * read from it; {@code --key}/{@code --key-file} and {@code --pg-port} name them otherwise.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "reconcile".equals(args[0])) {
            ReconciliationBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && "risk-rules".equals(args[0])) {
            RiskRulesBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && "card-testing".equals(args[0])) {
            CardTestingBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && "routing".equals(args[0])) {
            RoutingBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Map<String, String> options = parse(args);
        Path dataDir = options.containsKey("data-dir") ? Path.of(options.get("data-dir")) : null;
        String key = options.containsKey("key") ? options.get("key")
                : Files.readString(options.containsKey("key-file") ? Path.of(options.get("key-file"))
                : dataDir != null ? dataDir.resolve("demo-merchant.key") : Path.of("data/demo-merchant.key")).strip();
        MerchantClient client = MerchantClient.of(options.getOrDefault("url", "http://localhost:8080"), key);
        int seconds = Integer.parseInt(options.getOrDefault("duration", "20"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
        int workers = Integer.parseInt(options.getOrDefault("workers", "256"));
        long simulatorMillis = Long.parseLong(options.getOrDefault("sim-latency-ms", "0"));
        double p99Bound = Double.parseDouble(options.getOrDefault("p99-bound-ms", "50"));
        boolean stepMode = options.containsKey("step-rates");
        int prewarmSeconds = Integer.parseInt(options.getOrDefault("prewarm", "0"));
        int prewarmRate = Integer.parseInt(options.getOrDefault("prewarm-rate", "50"));
        // --step-rates stops at the first rate not sustained; --rates runs every one (a latency curve)
        List<Integer> rates = Arrays.stream(options.getOrDefault("step-rates", options.getOrDefault("rates",
                        options.getOrDefault("rate", "100"))).split(","))
                .map(String::strip).map(Integer::parseInt).toList();

        List<RunResult> results = new ArrayList<>();
        Map<String, Integer> sustainable = new LinkedHashMap<>();
        for (String name : options.getOrDefault("scenario", "card_payment").split(",")) {
            try (Scenario scenario = Scenario.named(name.strip(), client, options)) {
                if (prewarmSeconds > 0) {
                    // once, before every step: a first step at a low rate would otherwise measure the JIT warming up
                    scenario.prepare(prewarmSeconds * prewarmRate);
                    run(scenario, prewarmRate, prewarmSeconds, workers, simulatorMillis);
                    scenario.extra();
                }
                for (int rate : rates) {
                    scenario.prepare((warmup + seconds) * rate);
                    if (warmup > 0) {
                        run(scenario, rate, warmup, workers, simulatorMillis);     // warms the JIT and the pools; not reported
                        scenario.extra();                                          // and forgets what it measured
                    }
                    RunResult result = run(scenario, rate, seconds, workers, simulatorMillis);
                    results.add(result);
                    System.out.println(result.markdownRow());
                    if (stepMode) {
                        if (!result.sustained(p99Bound)) {
                            break;
                        }
                        sustainable.put(scenario.name(), rate);
                    }
                }
            }
        }

        Map<String, Object> ceiling = ceiling(options, dataDir, client);
        Report report = new Report(results, stepMode ? sustainable : null, p99Bound, ceiling);
        System.out.println();
        System.out.println(report.markdown());
        if (options.containsKey("out-dir")) {
            Path out = Files.createDirectories(Path.of(options.get("out-dir")));
            Files.writeString(out.resolve("results.json"), RunResult.json(report.fields()) + "\n");
            Files.writeString(out.resolve("results.md"), report.markdown());
            System.out.println("wrote " + out.resolve("results.json") + " and " + out.resolve("results.md"));
        }
    }

    /**
     * The pgbench ceiling when the database can be reached and {@code --pgbench-clients} (a list: the best
     * of them counts) is not 0: Payrail's own writes (since issue 16 already folded into two transactions).
     */
    private static Map<String, Object> ceiling(Map<String, String> options, Path dataDir, MerchantClient client)
            throws IOException, InterruptedException {
        List<Integer> clientCounts = Arrays.stream(options.getOrDefault("pgbench-clients", "4,8,16").split(","))
                .map(String::strip).map(Integer::parseInt).filter(c -> c > 0).toList();
        if (clientCounts.isEmpty() || (dataDir == null && !options.containsKey("pg-port"))) {
            return null;
        }
        int port = options.containsKey("pg-port") ? Integer.parseInt(options.get("pg-port")) : PgbenchCeiling.embeddedPort(dataDir);
        PgbenchCeiling pgbench = new PgbenchCeiling(options.getOrDefault("pg-host", "localhost"), port,
                options.getOrDefault("pg-user", "postgres"), options.getOrDefault("pg-database", "postgres"));
        int seconds = Integer.parseInt(options.getOrDefault("pgbench-seconds", "10"));
        String paymentMethod = PaymentScenarios.tokenize(client);
        Map<String, Object> ceiling = best(pgbench, PgbenchCeiling.AS_PAYRAIL_WRITES, clientCounts, seconds, paymentMethod);
        return ceiling;
    }

    private static Map<String, Object> best(PgbenchCeiling pgbench, String script, List<Integer> clientCounts, int seconds,
                                            String paymentMethod) throws IOException, InterruptedException {
        Map<String, Object> best = null;
        for (int clients : clientCounts) {
            Map<String, Object> run = pgbench.run(script, clients, seconds, paymentMethod);
            if (best == null || ((Number) run.get("payments_per_s")).doubleValue() > ((Number) best.get("payments_per_s")).doubleValue()) {
                best = run;
            }
        }
        return best;
    }

    static RunResult run(Scenario scenario, int rate, int seconds, int workers, long simulatorMillis)
            throws InterruptedException {
        Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Map<Integer, AtomicLong> failures = new ConcurrentHashMap<>();
        AtomicLong succeeded = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long total = (long) rate * seconds;
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            pool.execute(() -> {
                int status;
                try {
                    status = scenario.run();
                } catch (RuntimeException e) {
                    status = -1;     // no answer at all (connection refused, timeout)
                }
                long latency = System.nanoTime() - due;
                synchronized (latencies) {
                    latencies.recordValue(Math.min(latency, latencies.getHighestTrackableValue()));
                }
                if (status == 200) {
                    succeeded.incrementAndGet();
                } else {
                    failures.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(2, TimeUnit.MINUTES)) {
            pool.shutdownNow();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Map<Integer, Long> failureCounts = new LinkedHashMap<>();
        failures.forEach((status, count) -> failureCounts.put(status, count.get()));
        return new RunResult(scenario.name(), rate, latencies, succeeded.get(), failureCounts, elapsed,
                simulatorMillis * scenario.providerCalls(), scenario.extra());
    }

    /** Every run of one invocation, the step mode's verdicts and the database ceiling, as Markdown and JSON. */
    record Report(List<RunResult> results, Map<String, Integer> sustainable, double p99Bound, Map<String, Object> ceiling) {

        Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("at", Instant.now().toString());
            fields.put("machine", machine());
            fields.put("runs", results.stream().map(RunResult::fields).toList());
            if (sustainable != null) {
                fields.put("p99_bound_ms", p99Bound);
                fields.put("highest_sustainable_rate", sustainable);
            }
            if (ceiling != null) {
                fields.put("pgbench_ceiling", ceiling);
                fields.put("card_payment_share_of_ceiling", shareOfCeiling());
            }
            return fields;
        }

        String markdown() {
            StringBuilder md = new StringBuilder();
            md.append("Machine: ").append(machine()).append(", ").append(Instant.now()).append("\n\n");
            md.append(RunResult.markdownHeader()).append('\n');
            results.forEach(r -> md.append(r.markdownRow()).append('\n'));
            if (sustainable != null) {
                md.append("\nHighest sustainable rate (no errors, rate reached, p99 ≤ ")
                        .append(String.format(Locale.ROOT, "%.0f", p99Bound)).append(" ms): ")
                        .append(sustainable.isEmpty() ? "none of the steps" : sustainable).append('\n');
            }
            if (ceiling != null) {
                md.append("\nDatabase ceiling (pgbench, the writes of one card payment): ").append(ceiling).append('\n');
                Double share = shareOfCeiling();
                if (share != null) {
                    md.append(String.format(Locale.ROOT, "Best card_payment throughput as a share of it: %.2f%n", share));
                }
            }
            return md.toString();
        }

        private Double shareOfCeiling() {
            double best = results.stream().filter(r -> r.scenario().equals("card_payment") && r.errors() == 0)
                    .mapToDouble(RunResult::throughput).max().orElse(0);
            double limit = ((Number) ceiling.get("payments_per_s")).doubleValue();
            return best == 0 || limit == 0 ? null : Math.round(best / limit * 100) / 100.0;
        }

        private static String machine() {
            long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getTotalMemorySize();
            return String.format(Locale.ROOT, "%d cpus, %d GiB, %s %s, Java %s", Runtime.getRuntime().availableProcessors(),
                    memory >> 30, System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
