package dev.payrail.server.database;

import dev.payrail.server.StartupRefusal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PAYRAIL_DB_URL takes a JDBC URL or PostgreSQL's own URI; anything else is refused without echoing a password. */
class DatabaseUrlTest {

    @Test
    void a_jdbc_url_is_taken_as_it_is() {
        assertThat(DatabaseUrl.of("jdbc:postgresql://db:5432/payrail?sslmode=require", "u", "p"))
                .isEqualTo(new DatabaseUrl("jdbc:postgresql://db:5432/payrail?sslmode=require", "u", "p"));
    }

    @Test
    void a_postgresql_uri_becomes_a_jdbc_url_with_its_user_and_password() {
        assertThat(DatabaseUrl.of("postgresql://pay%40rail:s3cr%3At@db.internal:6432/payments?sslmode=verify-full", "", ""))
                .isEqualTo(new DatabaseUrl("jdbc:postgresql://db.internal:6432/payments?sslmode=verify-full", "pay@rail", "s3cr:t"));
        assertThat(DatabaseUrl.of("postgres://localhost/payrail", null, null))
                .isEqualTo(new DatabaseUrl("jdbc:postgresql://localhost/payrail", null, null));
    }

    @Test
    void a_uri_naming_a_primary_and_its_standby_connects_to_whichever_is_primary() {
        // as `pg_autoctl show uri --formation default` prints it
        assertThat(DatabaseUrl.of("postgres://127.0.0.1:5501,127.0.0.1:5502/payrail?target_session_attrs=read-write&sslmode=prefer",
                "postgres", ""))
                .isEqualTo(new DatabaseUrl("jdbc:postgresql://127.0.0.1:5501,127.0.0.1:5502/payrail?targetServerType=primary&sslmode=prefer",
                        "postgres", ""));
        assertThat(DatabaseUrl.of("postgresql://ops:pw@db-a.internal,db-b.internal:6432/payments?target_session_attrs=standby", "", ""))
                .isEqualTo(new DatabaseUrl("jdbc:postgresql://db-a.internal,db-b.internal:6432/payments?targetServerType=secondary",
                        "ops", "pw"));
    }

    @Test
    void explicit_user_and_password_win_over_the_uri() {
        assertThat(DatabaseUrl.of("postgresql://a:b@db/payrail", "ops", "from-env"))
                .isEqualTo(new DatabaseUrl("jdbc:postgresql://db/payrail", "ops", "from-env"));
    }

    @Test
    void another_scheme_is_refused_in_one_line_that_hides_the_password() {
        assertThatThrownBy(() -> DatabaseUrl.of("mysql://root:hunter2@db/payrail", "", ""))
                .isInstanceOf(StartupRefusal.class)
                .hasMessageContaining("PAYRAIL_DB_URL is not a PostgreSQL address")
                .hasMessageNotContaining("hunter2")
                .satisfies(e -> assertThat(((StartupRefusal) e).action()).contains("postgresql://USER:PASSWORD@HOST"));
        assertThatThrownBy(() -> DatabaseUrl.of("localhost:5432", "", "")).isInstanceOf(StartupRefusal.class);
        assertThatThrownBy(() -> DatabaseUrl.of("postgresql://u:hunter2@/payrail", "", ""))
                .isInstanceOf(StartupRefusal.class).hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseUrl.of("postgresql://db a/payrail", "", "")).isInstanceOf(StartupRefusal.class);
    }
}
