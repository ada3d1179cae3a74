package dev.payrail.server.support;

import dev.payrail.server.PayrailApplication;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Payrail as a child JVM on a database given by URL: for tests about crashes and about several processes
 * sharing one database. Its log goes to {@code log}; {@link #start} returns once it is ready.
 */
public final class PayrailProcess {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

    private final Process process;
    private final int port;

    private PayrailProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts Payrail on {@code jdbcUrl} (user postgres, no password) with its key files under {@code data},
     * plus {@code extraArguments} ({@code --name=value}), and waits until it is ready.
     */
    public static PayrailProcess start(String jdbcUrl, Path data, Path log, List<String> extraArguments) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--payrail.db.url=" + jdbcUrl, "--payrail.db.username=postgres",
                "--payrail.db.password="));
        arguments.addAll(extraArguments);
        return launch(data, log, arguments);
    }

    /**
     * Starts another build of Payrail, its server jar {@code jar} (the previous release, for the rolling upgrade test),
     * on {@code jdbcUrl} as {@link #start} does, and waits until it is ready.
     */
    public static PayrailProcess startJar(Path jar, String jdbcUrl, Path data, Path log, List<String> extraArguments)
            throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--payrail.db.url=" + jdbcUrl, "--payrail.db.username=postgres",
                "--payrail.db.password="));
        arguments.addAll(extraArguments);
        return launch(List.of("-jar", jar.toString()), data, log, arguments);
    }

    /** Starts Payrail on its own embedded PostgreSQL with data in {@code data/pg}, as {@code ./payrail} runs it. */
    public static PayrailProcess startEmbedded(Path data, Path log, List<String> extraArguments) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--payrail.db.embedded-data-dir=" + data.resolve("pg"),
                "--payrail.simulator.state-dir=" + data.resolve("simulator")));
        arguments.addAll(extraArguments);
        return launch(data, log, arguments);
    }

    private static PayrailProcess launch(Path data, Path log, List<String> extraArguments) throws IOException {
        return launch(List.of("-cp", System.getProperty("java.class.path"), PayrailApplication.class.getName()), data, log,
                extraArguments);
    }

    private static PayrailProcess launch(List<String> main, Path data, Path log, List<String> extraArguments) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1"));
        command.addAll(main);
        command.addAll(List.of(
                "--server.port=" + port,
                "--payrail.stripe-api.port=0",
                "--payrail.demo.enabled=false",
                "--payrail.cards.key-file=" + data.resolve("card-data.key"),
                "--payrail.vault.key-store-file=" + data.resolve("vault-keys.properties"),
                "--payrail.admin.token=" + ADMIN_TOKEN,
                "--payrail.deliveries.allow-private-addresses=true"));
        command.addAll(extraArguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PayrailProcess payrail = new PayrailProcess(process, port);
        HttpClient http = HttpClient.newHttpClient();
        Eventually.await("Payrail process on port " + port + " to be ready", Duration.ofSeconds(120), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("Payrail exited with " + process.exitValue() + "; see its log " + log);
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(payrail.url() + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                return health.statusCode() == 200 ? Optional.of(true) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        });
        return payrail;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Process process() {
        return process;
    }
}
