package dev.payrail.server.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.payrail.server.PayrailProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The one DataSource: an external PostgreSQL when {@code PAYRAIL_DB_URL} is set, otherwise an embedded
 * one started here. Flyway migrates either the same way.
 */
@Configuration(proxyBeanMethods = false)
class DataSourceConfig {

    private static final Logger log = LoggerFactory.getLogger(DataSourceConfig.class);

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(PayrailProperties properties) {
        PayrailProperties.Db db = properties.db();
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("payrail");
        hikari.setMaximumPoolSize(db.maxPoolSize());
        // Hikari's 30 s default would hold every request that long while the database is away; a
        // merchant's client is better served by a prompt 503 it can retry with the same key
        hikari.setConnectionTimeout(db.connectionTimeout().toMillis());
        if (db.external()) {
            log.info("Using external PostgreSQL at {}", db.url());
            hikari.setJdbcUrl(db.url());
            hikari.setUsername(db.username());
            hikari.setPassword(db.password());
            return new HikariDataSource(hikari);
        }
        EmbeddedPostgres postgres = db.embeddedThrowaway()
                ? EmbeddedPostgresLauncher.startThrowaway()
                : EmbeddedPostgresLauncher.startPersistent(Path.of(db.embeddedDataDir()));
        log.info("Using embedded PostgreSQL on port {} (data: {})", postgres.getPort(),
                db.embeddedThrowaway() ? "temporary" : Path.of(db.embeddedDataDir()).toAbsolutePath());
        hikari.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        return new EmbeddedPoolDataSource(hikari, postgres);
    }

    /** A pool that stops its embedded server after the last connection is closed. */
    static final class EmbeddedPoolDataSource extends HikariDataSource {
        private final EmbeddedPostgres postgres;

        EmbeddedPoolDataSource(HikariConfig config, EmbeddedPostgres postgres) {
            super(config);
            this.postgres = postgres;
        }

        @Override
        public void close() {
            super.close();
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

}
