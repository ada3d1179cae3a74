package dev.payrail.server.database;

import dev.payrail.server.StartupRefusal;
import org.flywaydb.core.api.MigrationInfo;

import javax.sql.DataSource;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A server that does not migrate at start ({@code PAYRAIL_MIGRATE_ON_START=false}, the migration job's deployments)
 * refuses to start on a database that lacks one of this release's migrations: {@code payrail migrate} has not run
 * for it. Checked as the DataSource is made, before any bean reads a table. A database ahead of this release is fine:
 * the previous release runs on the next one's schema in a rolling deploy (docs/upgrades.md).
 */
final class SchemaAtThisRelease {
    private SchemaAtThisRelease() {
    }

    static void require(DataSource dataSource) {
        MigrationInfo[] pending = Migrations.on(dataSource).info().pending();
        if (pending.length > 0) {
            throw new StartupRefusal("the database lacks " + pending.length + " of this release's migrations ("
                    + Arrays.stream(pending).map(m -> "V" + m.getVersion()).collect(Collectors.joining(", ")) + ")",
                    "Run `payrail migrate` (the migration job) against it first, or start with PAYRAIL_MIGRATE_ON_START=true");
        }
    }
}
