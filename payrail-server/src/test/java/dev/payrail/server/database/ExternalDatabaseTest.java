package dev.payrail.server.database;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With PAYRAIL_DB_URL set (payrail.db.url), Payrail starts no database of its own: Flyway migrates the
 * given server and payments land there. The "external" server here is a separate PostgreSQL process, given
 * in PostgreSQL's own URI form (user in the URI), as people write it.
 */
@DirtiesContext
class ExternalDatabaseTest extends ApiTest {
    /** Stopped by its own shutdown hook, after the context that uses it. */
    private static final EmbeddedPostgres EXTERNAL = EmbeddedPostgresLauncher.startThrowaway();

    @DynamicPropertySource
    static void pointAtExternalServer(DynamicPropertyRegistry registry) {
        registry.add("payrail.db.url", () -> "postgresql://postgres@localhost:" + EXTERNAL.getPort() + "/postgres");
        registry.add("payrail.db.username", () -> "");
        registry.add("payrail.db.password", () -> "");
    }

    @Test
    void payments_are_stored_in_the_configured_database() throws Exception {
        ApiClient.Response paid = api.post("/v1/payments", payment(999, "usd", "automatic", VISA));

        try (var connection = EXTERNAL.getPostgresDatabase().getConnection();
             var statement = connection.prepareStatement("select status from payments where id = ?")) {
            statement.setString(1, paid.text("id"));
            var rows = statement.executeQuery();
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("succeeded");
        }
    }
}
