package dev.payrail.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database's own limit on this machine for the writes of one card payment: {@code pgbench} runs
 * {@code pgbench/card-payment-writes.sql} (the same rows and statements in the same two transactions, on Payrail's
 * own tables, indexes, triggers and views) against Payrail's database, so Payrail's rate can be quoted as a share
 * of it.
 * Needs {@code pgbench} and {@code psql} on the PATH (PostgreSQL client tools).
 */
final class PgbenchCeiling {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

    private final String host;
    private final int port;
    private final String user;
    private final String database;

    PgbenchCeiling(String host, int port, String user, String database) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.database = database;
    }

    /** The embedded database's port, from the postmaster.pid of Payrail's data directory (its fourth line). */
    static int embeddedPort(Path dataDir) throws IOException {
        return Integer.parseInt(Files.readAllLines(dataDir.resolve("pg").resolve("postmaster.pid")).get(3).strip());
    }

    /** The script with Payrail's statements as it makes them. */
    static final String AS_PAYRAIL_WRITES = "/pgbench/card-payment-writes.sql";

    /** Runs one payment's writes ({@code scriptResource}) with {@code clients} connections for {@code seconds}. */
    Map<String, Object> run(String scriptResource, int clients, int seconds, String paymentMethod)
            throws IOException, InterruptedException {
        String merchant = query("select merchant_id from payment_methods where id = '" + paymentMethod.replace("'", "") + "'");
        Path script = Files.createTempFile("payrail-pgbench", ".sql");
        try (InputStream in = PgbenchCeiling.class.getResourceAsStream(scriptResource)) {
            Files.write(script, in.readAllBytes());
        }
        try {
            String output = exec(List.of("pgbench", "-h", host, "-p", String.valueOf(port), "-U", user, "-n",
                    "-c", String.valueOf(clients), "-j", String.valueOf(Math.min(clients, 2)), "-T", String.valueOf(seconds),
                    "-D", "merchant=" + merchant, "-D", "pm=" + paymentMethod, "-f", script.toString(), database));
            Matcher tps = TPS.matcher(output);
            Matcher latency = LATENCY.matcher(output);
            if (!tps.find() || !latency.find() || output.contains("aborted")) {
                throw new IllegalStateException("pgbench did not finish:\n" + output);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("script", scriptResource.substring(scriptResource.lastIndexOf('/') + 1));
            result.put("clients", clients);
            result.put("payments_per_s", Math.round(Double.parseDouble(tps.group(1)) * 10) / 10.0);
            result.put("latency_avg_ms", Double.parseDouble(latency.group(1)));
            result.put("synchronous_commit", query("show synchronous_commit"));
            result.put("fsync", query("show fsync"));
            return result;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private String query(String sql) throws IOException, InterruptedException {
        return exec(List.of("psql", "-h", host, "-p", String.valueOf(port), "-U", user, "-At", "-c", sql, database)).strip();
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command.subList(0, 1)) + " failed:\n" + output);
        }
        return output;
    }
}
