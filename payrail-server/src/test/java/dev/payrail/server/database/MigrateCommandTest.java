package dev.payrail.server.database;

import dev.payrail.server.PayrailApplication;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.PayrailProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Migrations once per release (the Helm chart's job, docs/packaging.md): {@code payrail migrate} migrates an external
 * database and exits, starting nothing else; a server started with {@code PAYRAIL_MIGRATE_ON_START=false} serves on
 * that database, and refuses one without this release's migrations.
 */
class MigrateCommandTest {
    @TempDir
    Path data;

    private final EmbeddedPostgres migrated = EmbeddedPostgresLauncher.startThrowaway();
    private final EmbeddedPostgres empty = EmbeddedPostgresLauncher.startThrowaway();
    private PayrailProcess payrail;

    @AfterEach
    void stop() throws IOException {
        if (payrail != null) {
            payrail.process().destroyForcibly();
        }
        migrated.close();
        empty.close();
    }

    private record Run(int exit, String output) {
    }

    private static Run migrate(EmbeddedPostgres database) throws Exception {
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PayrailApplication.class.getName(), "migrate",
                "--payrail.db.url=" + database.getJdbcUrl("postgres", "postgres"), "--payrail.db.username=postgres");
        command.environment().remove("PAYRAIL_DB_URL");
        Process process = command.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void migrate_applies_every_migration_once_and_a_server_that_does_not_migrate_serves_on_it() throws Exception {
        long migrations;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            migrations = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
        Run first = migrate(migrated);
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output()).contains("at schema version " + migrations, "(" + migrations + " migrations applied now)");
        JdbcClient jdbc = JdbcClient.create(migrated.getPostgresDatabase());
        assertThat(jdbc.sql("select count(*) from flyway_schema_history where success").query(Long.class).single()).isEqualTo(migrations);
        assertThat(jdbc.sql("select count(*) from pg_stat_activity where application_name = 'payrail'").query(Long.class).single())
                .as("nothing of the server ran").isZero();
        Run again = migrate(migrated);
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("(0 migrations applied now)");

        payrail = PayrailProcess.start(migrated.getJdbcUrl("postgres", "postgres"), data, data.resolve("no-migrate.log"),
                List.of("--spring.flyway.enabled=false"));
        ApiClient admin = new ApiClient(payrail.url(), PayrailProcess.ADMIN_TOKEN);
        assertThat(admin.post("/v1/admin/merchants", "{\"name\": \"Migrated once\"}").status()).isEqualTo(201);
        assertThat(jdbc.sql("select count(*) from flyway_schema_history").query(Long.class).single()).isEqualTo(migrations);
    }

    @Test
    void a_server_that_does_not_migrate_refuses_a_database_without_this_releases_migrations() throws Exception {
        Path log = data.resolve("refused.log");
        assertThatThrownBy(() -> PayrailProcess.start(empty.getJdbcUrl("postgres", "postgres"), data, log,
                List.of("--spring.flyway.enabled=false"))).isInstanceOf(AssertionError.class).hasMessageContaining("exited");
        assertThat(Files.readString(log)).contains("the database lacks", "payrail migrate");
    }

    @Test
    void migrate_without_a_database_says_what_to_set() throws Exception {
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PayrailApplication.class.getName(), "migrate");
        command.environment().remove("PAYRAIL_DB_URL");
        Process process = command.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("set PAYRAIL_DB_URL");
    }
}
