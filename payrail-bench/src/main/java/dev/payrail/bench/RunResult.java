package dev.payrail.bench;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one run at one rate measured: latencies from each request's due time, successes, failures by HTTP
 * status, and the latency Payrail adds (total minus the simulator's configured latency per provider call).
 */
record RunResult(String scenario, int targetRate, Histogram latencies, long succeeded, Map<Integer, Long> failures,
                 double elapsedSeconds, long simulatorMillisPerIteration, Map<String, Object> extra) {

    double throughput() {
        return succeeded / elapsedSeconds;
    }

    double millis(double percentile) {
        return latencies.getValueAtPercentile(percentile) / 1e6;
    }

    /** The percentile less the simulator's share: what Payrail itself added. */
    double addedMillis(double percentile) {
        return Math.max(0, millis(percentile) - simulatorMillisPerIteration);
    }

    long errors() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Held when nothing failed, the rate was reached and p99 stayed within the bound. */
    boolean sustained(double p99BoundMillis) {
        return errors() == 0 && throughput() >= targetRate * 0.95 && millis(99) <= p99BoundMillis;
    }

    static String markdownHeader() {
        return "| scenario | target | achieved | p50 ms | p95 ms | p99 ms | p99.9 ms | max ms | p50 added | p99 added | errors | other |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|";
    }

    String markdownRow() {
        return String.format(Locale.ROOT, "| %s | %d/s | %.0f/s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %d%s | %s |",
                scenario, targetRate, throughput(), millis(50), millis(95), millis(99), millis(99.9),
                latencies.getMaxValue() / 1e6, addedMillis(50), addedMillis(99), errors(),
                failures.isEmpty() ? "" : " " + new TreeMap<>(failures), extraText());
    }

    private String extraText() {
        StringBuilder text = new StringBuilder();
        extra.forEach((k, v) -> text.append(text.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return text.toString();
    }

    Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("scenario", scenario);
        fields.put("target_rate", targetRate);
        fields.put("throughput", Math.round(throughput() * 10) / 10.0);
        fields.put("p50_ms", millis(50));
        fields.put("p95_ms", millis(95));
        fields.put("p99_ms", millis(99));
        fields.put("p999_ms", millis(99.9));
        fields.put("max_ms", latencies.getMaxValue() / 1e6);
        fields.put("simulator_ms_per_iteration", simulatorMillisPerIteration);
        fields.put("p50_added_ms", addedMillis(50));
        fields.put("p99_added_ms", addedMillis(99));
        fields.put("errors", errors());
        Map<String, Object> byStatus = new LinkedHashMap<>();
        new TreeMap<>(failures).forEach((status, count) -> byStatus.put(String.valueOf(status), count));
        fields.put("errors_by_status", byStatus);
        fields.put("extra", extra);
        return fields;
    }

    /** A small JSON writer: strings, numbers, booleans, maps and lists are all a report holds. */
    static String json(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(json(String.valueOf(k))).append(": ")
                    .append(json(v)));
            return out.append('}').toString();
        }
        if (value instanceof Iterable<?> list) {
            StringBuilder out = new StringBuilder("[");
            for (Object item : list) {
                out.append(out.length() > 1 ? ",\n " : "").append(json(item));
            }
            return out.append(']').toString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return '"' + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
