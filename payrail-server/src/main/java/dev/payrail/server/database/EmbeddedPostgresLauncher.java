package dev.payrail.server.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts PostgreSQL from zonky's embedded binaries on a free loopback port, synchronous commit on
 * (zonky's default is off, which would make benchmarks and crash tests lie). A persistent database (the
 * default run) also flushes its WAL to disk at each commit and writes full pages: zonky turns both off
 * (it is made for tests), and then a power loss or kernel crash loses payments already answered as
 * succeeded, or corrupts the database. A throwaway database (tests) keeps them off: nothing outlives it.
 */
public final class EmbeddedPostgresLauncher {

    private EmbeddedPostgresLauncher() {
    }

    /** Starts with data in {@code dataDirectory}, kept between runs. */
    public static EmbeddedPostgres startPersistent(Path dataDirectory) {
        return start(dataDirectory, false, 0);
    }

    /** Starts with data in {@code dataDirectory} on {@code port}: a restart that clients can find again. */
    public static EmbeddedPostgres startPersistent(Path dataDirectory, int port) {
        return start(dataDirectory, false, port);
    }

    /** Starts on a fresh temporary data directory, deleted at shutdown: for tests. */
    public static EmbeddedPostgres startThrowaway() {
        try {
            return start(Files.createTempDirectory("payrail-pg-"), true, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddedPostgres start(Path dataDirectory, boolean throwaway, int port) {
        try {
            Files.createDirectories(dataDirectory);
            String durable = throwaway ? "off" : "on";
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (port != 0) {
                builder.setPort(port);
            }
            return builder
                    .setDataDirectory(dataDirectory.toAbsolutePath())
                    .setCleanDataDirectory(throwaway)
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", durable)
                    .setServerConfig("full_page_writes", durable)
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + dataDirectory, e);
        }
    }
}
