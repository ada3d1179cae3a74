package dev.payrail.server.database;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import javax.sql.DataSource;
import java.util.Map;

/**
 * Flyway as Payrail's own code runs it outside the server's start (application.yml configures that one the same way):
 * this release's migrations, and a session-level lock (docs/upgrades.md). For {@code payrail migrate}, for the check a
 * server that does not migrate makes, and for reading what was applied (the evidence pack, the releases run).
 */
public final class Migrations {
    static final String LOCATIONS = "classpath:db/migration";

    private Migrations() {
    }

    /** Flyway over {@code dataSource}. */
    public static Flyway on(DataSource dataSource) {
        return configured().dataSource(dataSource).load();
    }

    static Flyway on(DatabaseUrl url) {
        return configured().dataSource(url.jdbcUrl(), url.username(), url.password()).load();
    }

    private static FluentConfiguration configured() {
        return Flyway.configure().locations(LOCATIONS)
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"));
    }
}
