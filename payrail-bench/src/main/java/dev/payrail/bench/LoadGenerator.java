package dev.payrail.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
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
 * java -jar payrail-bench/target/payrail-bench.jar --key-file data/demo-merchant.key \
 *      --scenario card_payment --rate 200 --duration 30 --warmup 10 [--url http://localhost:8080] [--workers 256]
 * </pre>
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "reconcile".equals(args[0])) {
            ReconciliationBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Map<String, String> options = parse(args);
        String url = options.getOrDefault("url", "http://localhost:8080");
        String key = options.containsKey("key") ? options.get("key")
                : Files.readString(Path.of(options.getOrDefault("key-file", "data/demo-merchant.key"))).strip();
        Scenario scenario = Scenario.valueOf(options.getOrDefault("scenario", "card_payment").toUpperCase(Locale.ROOT));
        int rate = Integer.parseInt(options.getOrDefault("rate", "100"));
        int seconds = Integer.parseInt(options.getOrDefault("duration", "30"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
        int workers = Integer.parseInt(options.getOrDefault("workers", "256"));

        Scenario.Client client = new Scenario.Client(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build(), url, key);
        if (warmup > 0) {
            run(scenario, client, rate, warmup, workers);
        }
        Result result = run(scenario, client, rate, seconds, workers);
        String markdown = result.markdown(scenario, rate);
        System.out.println(markdown);
        if (options.containsKey("out")) {
            Files.writeString(Path.of(options.get("out")), result.json(scenario, rate));
        }
    }

    static Result run(Scenario scenario, Scenario.Client client, int rate, int seconds, int workers)
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
                    status = scenario.run(client);
                } catch (RuntimeException e) {
                    status = -1;
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
        pool.awaitTermination(2, TimeUnit.MINUTES);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(latencies, succeeded.get(), failures, elapsed);
    }

    /** What one run measured. */
    record Result(Histogram latencies, long succeeded, Map<Integer, AtomicLong> failures, double elapsedSeconds) {
        double millis(double percentile) {
            return latencies.getValueAtPercentile(percentile) / 1e6;
        }

        long errors() {
            return failures.values().stream().mapToLong(AtomicLong::get).sum();
        }

        String markdown(Scenario scenario, int rate) {
            return String.format(Locale.ROOT,
                    "| %s | %d/s | %.0f/s | %.1f | %.1f | %.1f | %.1f | %.1f | %d %s |",
                    scenario.name().toLowerCase(Locale.ROOT), rate, succeeded / elapsedSeconds, millis(50), millis(95),
                    millis(99), millis(99.9), latencies.getMaxValue() / 1e6, errors(), failures.isEmpty() ? "" : failures);
        }

        String json(Scenario scenario, int rate) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("scenario", scenario.name().toLowerCase(Locale.ROOT));
            fields.put("target_rate", rate);
            fields.put("throughput", Math.round(succeeded / elapsedSeconds));
            fields.put("p50_ms", millis(50));
            fields.put("p95_ms", millis(95));
            fields.put("p99_ms", millis(99));
            fields.put("p999_ms", millis(99.9));
            fields.put("max_ms", latencies.getMaxValue() / 1e6);
            fields.put("errors", errors());
            StringBuilder json = new StringBuilder("{");
            fields.forEach((k, v) -> json.append('"').append(k).append("\": ")
                    .append(v instanceof String ? "\"" + v + "\"" : v).append(", "));
            json.setLength(json.length() - 2);
            return json.append("}\n").toString();
        }
    }

    private static Map<String, String> parse(String[] args) throws IOException {
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
