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
    HikariDataSource dataSource(PayrailProperties properties,
                                @org.springframework.beans.factory.annotation.Value("${spring.flyway.enabled:true}") boolean migrateOnStart) {
        PayrailProperties.Db db = properties.db();
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("payrail");
        // Payrail's sessions name themselves in pg_stat_activity: an operator (and LargeTableMigrationTest) tells
        // them from a migration's, a psql's or a replica's
        hikari.addDataSourceProperty("ApplicationName", "payrail");
        hikari.setMaximumPoolSize(db.maxPoolSize());
        // Hikari's 30 s default would hold every request that long while the database is away; a
        // merchant's client is better served by a prompt 503 it can retry with the same key
        hikari.setConnectionTimeout(db.connectionTimeout().toMillis());
        if (db.external()) {
            DatabaseUrl url = DatabaseUrl.of(db.url(), db.username(), db.password());
            log.info("Using external PostgreSQL at {}", DatabaseUrl.withoutPassword(url.jdbcUrl()));
            hikari.setJdbcUrl(url.jdbcUrl());
            hikari.setUsername(url.username());
            hikari.setPassword(url.password());
            HikariDataSource external = new HikariDataSource(hikari);
            if (!migrateOnStart) {
                try {
                    SchemaAtThisRelease.require(external);
                } catch (RuntimeException refused) {
                    external.close();
                    throw refused;
                }
            }
            return external;
        }
        if (db.embeddedThrowaway()) {
            EmbeddedPostgres postgres = EmbeddedPostgresLauncher.startThrowaway();
            log.info("Using embedded PostgreSQL on port {} (data: temporary)", postgres.getPort());
            hikari.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            return new EmbeddedPoolDataSource(hikari, postgres, null);
        }
        Path dataDir = Path.of(db.embeddedDataDir());
        DataDirectoryLock lock = DataDirectoryLock.take(dataDir);
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgresLauncher.startPersistent(dataDir);
            lock.recordStartedPostmaster();
        } catch (RuntimeException notStarted) {
            lock.close();
            throw notStarted;
        }
        log.info("Using embedded PostgreSQL on port {} (data: {})", postgres.getPort(), dataDir.toAbsolutePath());
        hikari.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        return new EmbeddedPoolDataSource(hikari, postgres, lock);
    }

    /** A pool that stops its embedded server after the last connection is closed, then gives up the data directory. */
    static final class EmbeddedPoolDataSource extends HikariDataSource {
        private final EmbeddedPostgres postgres;
        private final DataDirectoryLock lock;

        EmbeddedPoolDataSource(HikariConfig config, EmbeddedPostgres postgres, DataDirectoryLock lock) {
            super(config);
            this.postgres = postgres;
            this.lock = lock;
        }

        @Override
        public void close() {
            super.close();
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                if (lock != null) {
                    lock.close();
                }
            }
        }
    }

}
