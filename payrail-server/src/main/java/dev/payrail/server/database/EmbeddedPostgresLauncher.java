package dev.payrail.server.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts PostgreSQL from zonky's embedded binaries on a free loopback port, synchronous commit on
 * (zonky's default is off, which would make benchmarks and crash tests lie).
 */
public final class EmbeddedPostgresLauncher {

    private EmbeddedPostgresLauncher() {
    }

    /** Starts with data in {@code dataDirectory}, kept between runs. */
    public static EmbeddedPostgres startPersistent(Path dataDirectory) {
        return start(dataDirectory, false);
    }

    /** Starts on a fresh temporary data directory, deleted at shutdown: for tests. */
    public static EmbeddedPostgres startThrowaway() {
        try {
            return start(Files.createTempDirectory("payrail-pg-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddedPostgres start(Path dataDirectory, boolean throwaway) {
        try {
            Files.createDirectories(dataDirectory);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory.toAbsolutePath())
                    .setCleanDataDirectory(throwaway)
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + dataDirectory, e);
        }
    }
}
