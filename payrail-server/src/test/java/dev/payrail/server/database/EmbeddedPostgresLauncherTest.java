package dev.payrail.server.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresLauncherTest {

    @TempDir
    Path data;

    @Test
    void data_written_before_a_restart_is_there_after_it() throws Exception {
        Path directory = data.resolve("pg");
        try (EmbeddedPostgres first = EmbeddedPostgresLauncher.startPersistent(directory);
             Connection c = first.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("create table survivor (note text)");
            c.createStatement().execute("insert into survivor values ('still here')");
        }
        try (EmbeddedPostgres second = EmbeddedPostgresLauncher.startPersistent(directory);
             Connection c = second.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery("select note from survivor")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
        }
    }
}
