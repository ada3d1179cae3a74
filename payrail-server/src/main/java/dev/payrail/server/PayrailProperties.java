package dev.payrail.server;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Every setting of Payrail, under {@code payrail.*}. Defaults live in application.yml; the ones that
 * would be unsafe refuse to start where they are read (admin token, idempotency retention).
 */
@ConfigurationProperties("payrail")
public record PayrailProperties(
        Db db,
        Admin admin,
        Payments payments,
        Provider provider,
        Simulator simulator,
        Resolver resolver,
        Idempotency idempotency,
        Demo demo,
        Cards cards) {

    /** External PostgreSQL when {@code url} is set; otherwise embedded, with data in {@code embeddedDataDir}. */
    public record Db(String url, String username, String password, String embeddedDataDir, boolean embeddedThrowaway,
                     int maxPoolSize) {
        public boolean external() {
            return url != null && !url.isBlank();
        }
    }

    /** The admin token guards /v1/admin; empty means one is generated and printed at start. */
    public record Admin(String token) {
    }

    public record Payments(long maxAmount, Duration captureWindow, Duration expirySweepInterval,
                           int maxRequestBytes) {
    }

    /** The provider's base URL; empty starts the simulator in-process on a loopback port. */
    public record Provider(String baseUrl, Duration connectTimeout, Duration readTimeout) {
        public boolean embeddedSimulator() {
            return baseUrl == null || baseUrl.isBlank();
        }
    }

    public record Simulator(Duration slowLatency, Duration hangFor) {
    }

    /**
     * How unknown outcomes are resolved: first lookup after {@code initialDelay}, then backing off to
     * {@code maxDelay}; "not found" is trusted only once the request is older than {@code notFoundAfter}.
     * An operation still "in flight" after {@code inFlightStaleAfter} lost its process mid-call and is
     * resolved the same way.
     */
    public record Resolver(Duration interval, Duration initialDelay, Duration maxDelay, Duration notFoundAfter,
                           Duration inFlightStaleAfter, int batchSize) {
    }

    public record Idempotency(Duration retention, Duration purgeInterval) {
    }

    public record Demo(boolean enabled, String keyFile) {
    }

    /** Key for card data awaiting confirmation: base64 of 32 bytes; empty generates one into {@code keyFile}. */
    public record Cards(String encryptionKey, String keyFile) {
    }
}
