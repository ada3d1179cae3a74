package dev.payrail.server.support;

import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real highly available PostgreSQL on loopback (docs/high-availability.md): a pg_auto_failover monitor, a primary
 * ({@code node1}) and its synchronous standby ({@code node2}), run by {@code src/test/scripts/ha-cluster.sh}. CI
 * installs Debian's postgresql-15-auto-failover and sets PAYRAIL_REQUIRE_HA, so there a missing package fails;
 * elsewhere the test is skipped, saying why.
 */
public final class HaCluster implements AutoCloseable {
    private static final Path SCRIPT = Path.of("src/test/scripts/ha-cluster.sh").toAbsolutePath();

    private final Path dir;
    private final int[] ports;

    private HaCluster(Path dir, int[] ports) {
        this.dir = dir;
        this.ports = ports;
    }

    /** Creates and starts the cluster; returns once node2 streams to node1 as a synchronous standby. */
    public static HaCluster start() throws IOException, InterruptedException {
        boolean available = run(List.of("available"), 10).exit == 0;
        if (System.getenv("PAYRAIL_REQUIRE_HA") != null) {
            assertThat(available).as("pg_autoctl and PostgreSQL 15 (Debian package postgresql-15-auto-failover)").isTrue();
        }
        Assumptions.assumeTrue(available, "pg_autoctl (Debian package postgresql-15-auto-failover) is not installed");
        int[] ports = {freePort(), freePort(), freePort()};
        // under /tmp, not the build's directory: the postgres user the script runs the cluster as must reach it
        Path dir = Files.createTempDirectory("payrail-ha-");
        HaCluster cluster = new HaCluster(dir, ports);
        Result started = run(List.of("start", dir.toString(), String.valueOf(ports[0]), String.valueOf(ports[1]),
                String.valueOf(ports[2])), 240);
        if (started.exit != 0) {
            cluster.keepLogs("ha-start-failed");
            cluster.close();
            throw new AssertionError("ha-cluster.sh start failed: " + started.output);
        }
        return cluster;
    }

    /** The JDBC URL an operator gives Payrail: both hosts, and the driver picks whichever is the primary. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2] + "/payrail?targetServerType=primary";
    }

    /** A client of one node only ({@code node1} or {@code node2}), as user postgres. */
    public JdbcClient node(String name) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl("jdbc:postgresql://127.0.0.1:" + ports[name.equals("node1") ? 1 : 2] + "/payrail");
        source.setUser("postgres");
        source.setConnectTimeout(2);
        return JdbcClient.create(source);
    }

    /** The loss of {@code name}'s host: its keeper, postmaster and backends are SIGKILLed at once. */
    public void kill(String name) throws IOException, InterruptedException {
        Result killed = run(List.of("kill", dir.toString(), name), 10);
        assertThat(killed.exit).as("ha-cluster.sh kill: " + killed.output).isZero();
    }

    /** Starts {@code name}'s keeper again, as after its host came back: it rejoins as a standby. */
    public void rejoin(String name) throws IOException, InterruptedException {
        Result started = run(List.of("rejoin", dir.toString(), name), 30);
        assertThat(started.exit).as("ha-cluster.sh rejoin: " + started.output).isZero();
    }

    /** The monitor's table of nodes with their reported and assigned states. */
    public String state() throws IOException, InterruptedException {
        return run(List.of("state", dir.toString()), 10).output;
    }

    /** The monitor's reported state of one node: primary, secondary, wait_primary, demoted, ... */
    public String reportedState(String name) throws IOException, InterruptedException {
        for (String line : state().split("\n")) {
            String[] columns = line.split("\\|");
            if (columns.length >= 7 && columns[0].strip().equals(name)) {
                return columns[5].strip();
            }
        }
        throw new AssertionError("no node " + name + " in the monitor's state: " + state());
    }

    /** Copies the monitor's and the nodes' logs to target/crash-test-logs, prefixed. */
    public void keepLogs(String prefix) throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "crash-test-logs"));
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                Files.copy(log, logs.resolve(prefix + "-" + log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            run(List.of("stop", dir.toString()), 30);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> arguments, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(arguments);
        Path output = Files.createTempFile("payrail-ha-script", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutSeconds + " s: " + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
