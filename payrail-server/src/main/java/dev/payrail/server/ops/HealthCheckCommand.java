package dev.payrail.server.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code payrail healthcheck}: exits 0 when this host's Payrail is ready ({@code /actuator/health/readiness} answers
 * 200 on {@code PAYRAIL_PORT}), 1 otherwise. The container image's HEALTHCHECK, which has no curl to call.
 */
public final class HealthCheckCommand {
    private HealthCheckCommand() {
    }

    public static void main(String[] args) {
        String port = System.getenv().getOrDefault("PAYRAIL_PORT", "8080");
        String path = args.length > 0 && args[0].equals("liveness") ? "/actuator/health/liveness" : "/actuator/health/readiness";
        try {
            HttpResponse<Void> answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            System.exit(answer.statusCode() == 200 ? 0 : 1);
        } catch (Exception unreachable) {
            System.exit(1);
        }
    }
}
