package dev.payrail.server.upgrade;

import dev.payrail.server.database.EmbeddedPostgresLauncher;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.PayrailProcess;
import dev.payrail.sim.ProviderSimulator;
import dev.payrail.sim.SimulatorSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/upgrades.md's expand forms on a payments table of a million rows, migrated by Flyway as a release migrates
 * (the test migrations under {@code db/large-table-test}) while payments flow through a running Payrail: no payment
 * waits on the migration's locks longer than {@link #BOUND_MILLIS}. Measured by sampling which of Payrail's own
 * database sessions wait on a lock, and for how long; the same sampling sees a lint-flagged form (a column's type
 * changed in place: a rewrite of the table) hold the payments back for the length of the rewrite, so the measure can
 * fail.
 */
class LargeTableMigrationTest {
    private static final int ROWS = 1_000_000;
    /** The longest a payment may wait on the migration: one exclusive lock of a metadata change, not a build. */
    private static final long BOUND_MILLIS = 1_000;

    @TempDir
    Path data;

    private EmbeddedPostgres database;
    private ProviderSimulator provider;
    private PayrailProcess payrail;

    @AfterEach
    void stopEverything() throws Exception {
        if (payrail != null) {
            payrail.process().destroyForcibly().waitFor();
        }
        if (provider != null) {
            provider.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /** The longest any of Payrail's sessions waited on a lock while {@code migration} ran, in ms; every payment answered. */
    private long longestLockWait(ApiClient api, JdbcClient jdbc, Runnable migration) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger paid = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Map<Integer, Long> waitingSince = new ConcurrentHashMap<>();
        long[] longest = {0};
        Thread payments = new Thread(() -> {
            while (running.get()) {
                ApiClient.Response answer = api.post("/v1/payments", "{\"amount\": 1200, \"currency\": \"usd\", \"confirm\": true, "
                        + "\"card\": {\"number\": \"4242424242424242\", \"exp_month\": 12, \"exp_year\": 2034, \"cvc\": \"123\"}}",
                        "flow-" + UUID.randomUUID());
                (answer.status() == 200 || answer.status() == 201 ? paid : failed).incrementAndGet();
            }
        });
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                long now = System.nanoTime();
                List<Integer> waiting = jdbc.sql("""
                                select pid from pg_stat_activity where application_name = 'payrail' and wait_event_type = 'Lock'""")
                        .query(Integer.class).list();
                waitingSince.keySet().retainAll(waiting);
                for (Integer pid : waiting) {
                    long since = waitingSince.computeIfAbsent(pid, p -> now);
                    longest[0] = Math.max(longest[0], (now - since) / 1_000_000);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        payments.start();
        sampler.start();
        awaitPaid(paid, 3);                        // payments flowing before the migration starts
        int before = paid.get();
        migration.run();
        awaitPaid(paid, paid.get() + 3);           // and after it
        running.set(false);
        payments.join();
        sampler.join();
        assertThat(failed.get()).as("payments refused while migrating").isZero();
        assertThat(paid.get()).as("payments went on during the migration").isGreaterThan(before);
        return longest[0];
    }

    private static void awaitPaid(AtomicInteger paid, int atLeast) {
        dev.payrail.server.support.Eventually.await(atLeast + " payments answered", java.time.Duration.ofSeconds(60),
                () -> paid.get() >= atLeast ? java.util.Optional.of(true) : java.util.Optional.empty());
    }

    @Test
    void the_expand_forms_migrate_a_million_payments_while_payments_flow_and_nobody_waits_on_them() throws Exception {
        database = EmbeddedPostgresLauncher.startThrowaway();
        provider = ProviderSimulator.startOnLoopback(SimulatorSettings.defaults());
        String url = database.getJdbcUrl("postgres", "postgres");
        payrail = PayrailProcess.start(url, data, data.resolve("payrail.log"), List.of(
                "--payrail.providers.simulator.base-url=" + provider.baseUrl()));
        JsonMerchant merchant = JsonMerchant.create(payrail);
        JdbcClient jdbc = JdbcClient.create(database.getPostgresDatabase());
        jdbc.sql("""
                insert into payments (id, merchant_id, amount, currency, status, capture_method, amount_captured, card_brand,
                                      card_last4, provider, provider_reference, authorized_at, created_at, updated_at)
                select 'pay_bulk_' || g, ?, 1000 + g % 9000, 'USD', 'succeeded', 'automatic', 1000 + g % 9000, 'visa', '4242',
                       'simulator', 'sim_bulk_' || g, now() - make_interval(secs => g), now() - make_interval(secs => g),
                       now() - make_interval(secs => g)
                  from generate_series(1, ?) g""").params(merchant.id(), ROWS).update();
        jdbc.sql("analyze payments").update();
        ApiClient api = new ApiClient(payrail.url(), merchant.secret());

        // the policy's forms, as a release would run them: Flyway, this build's migrations and the test's expand steps
        long safe = longestLockWait(api, jdbc, () -> Flyway.configure().dataSource(database.getPostgresDatabase())
                .locations("classpath:db/migration", "classpath:db/large-table-test")
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))      // as application.yml sets it
                .load().migrate());
        assertThat(jdbc.sql("select count(*) from payments where channel = 'api'").query(Long.class).single())
                .as("the new column is on every row").isGreaterThanOrEqualTo(ROWS);
        assertThat(jdbc.sql("select convalidated from pg_constraint where conname = 'payments_channel_known'")
                .query(Boolean.class).single()).isTrue();
        assertThat(safe).as("longest wait of a payment on the expand migration, ms").isLessThan(BOUND_MILLIS);

        // what the lint flags: a column's type changed in place rewrites the table and its indexes under an exclusive
        // lock, and every payment waits for it
        long unsafe = longestLockWait(api, jdbc, () -> jdbc.sql("alter table payments alter column channel type varchar(40)").update());
        System.out.printf("longest lock wait of a payment: %d ms under the expand steps, %d ms under a rewrite (%,d rows)%n",
                safe, unsafe, ROWS);
        assertThat(unsafe).as("longest wait of a payment on a table rewrite, ms").isGreaterThan(BOUND_MILLIS);
    }

    /** A merchant made over the admin API: its id and secret key. */
    private record JsonMerchant(String id, String secret) {
        static JsonMerchant create(PayrailProcess payrail) {
            var body = new ApiClient(payrail.url(), PayrailProcess.ADMIN_TOKEN).post("/v1/admin/merchants",
                    "{\"name\": \"A million payments\"}").body();
            return new JsonMerchant(body.path("id").asString(), body.path("api_key").path("secret").asString());
        }
    }
}
