package dev.payrail.server.database;

import org.flywaydb.core.api.output.MigrateResult;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code payrail migrate}: migrates the external database to this release's schema and exits, starting nothing else
 * (no web server, no scheduled job). What a deployment runs once per release before its servers (the Helm chart's
 * migration job, docs/packaging.md); the servers then start with {@code PAYRAIL_MIGRATE_ON_START=false}. The
 * database is named as for the server, by {@code PAYRAIL_DB_URL}, {@code PAYRAIL_DB_USER} and
 * {@code PAYRAIL_DB_PASSWORD}, or by the same settings as arguments ({@code --payrail.db.url=...}). Flyway is set
 * as the server sets it (application.yml): the same locations, and a session-level lock (docs/upgrades.md).
 */
public final class MigrateCommand {
    private MigrateCommand() {
    }

    public static void main(String[] args) {
        Map<String, String> settings = new HashMap<>();
        settings.put("url", System.getenv().getOrDefault("PAYRAIL_DB_URL", ""));
        settings.put("username", System.getenv().getOrDefault("PAYRAIL_DB_USER", ""));
        settings.put("password", System.getenv().getOrDefault("PAYRAIL_DB_PASSWORD", ""));
        for (String arg : args) {
            for (String name : new String[]{"url", "username", "password"}) {
                if (arg.startsWith("--payrail.db." + name + "=")) {
                    settings.put(name, arg.substring(("--payrail.db." + name + "=").length()));
                }
            }
        }
        if (settings.get("url").isBlank()) {
            System.err.println("payrail migrate: set PAYRAIL_DB_URL to the database to migrate (the embedded database "
                    + "is migrated by the server itself when it starts)");
            System.exit(2);
        }
        DatabaseUrl url = DatabaseUrl.of(settings.get("url"), settings.get("username"), settings.get("password"));
        MigrateResult result = Migrations.on(url).migrate();
        System.out.println("payrail migrate: " + DatabaseUrl.withoutPassword(url.jdbcUrl()) + " at schema version "
                + (result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion)
                + " (" + result.migrationsExecuted + " migrations applied now)");
    }
}
