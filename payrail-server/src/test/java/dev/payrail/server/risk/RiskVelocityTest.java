package dev.payrail.server.risk;

import dev.payrail.server.security.AtRestKeys;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The velocity counters against the real database: sliding windows, distinct pairs, merchants apart, what another
 * process (another instance over the same database and keys) reads from the log at its start and while it runs, a
 * rolled back attempt, the purge, and no key in clear.
 */
class RiskVelocityTest extends ApiTest {
    @Autowired
    RiskVelocity velocity;

    @Autowired
    VelocityLog velocityLog;

    @Autowired
    AtRestKeys keys;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    private static VelocityKeys attempt(String card, String ip) {
        return new VelocityKeys(card, ip, "Tester@Example.com", null, "400000");
    }

    private RiskVelocity anotherProcess() {
        RiskVelocity other = new RiskVelocity(velocityLog, keys, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                10_000, 100, 10_000);
        other.catchUp();
        return other;
    }

    @Test
    void attempts_declines_and_distinct_pairs_count_within_their_windows() {
        Instant now = Instant.now();
        String card = "fp_" + merchantId;
        velocity.countAndRead(merchantId, attempt(card, "203.0.113.1"), now.minus(Duration.ofMinutes(5)));
        velocity.countAndRead(merchantId, attempt(card, "203.0.113.1"), now.minus(Duration.ofMinutes(4)));
        velocity.countAndRead(merchantId, attempt(card, "198.51.100.9"), now.minus(Duration.ofMinutes(3)));
        velocity.declined(merchantId, attempt(card, "198.51.100.9"), now.minus(Duration.ofMinutes(3)));
        // two hours ago: in the 24-hour windows, not in the hourly ones
        velocity.countAndRead(merchantId, attempt(card, "192.0.2.44"), now.minus(Duration.ofHours(2)));
        velocity.declined(merchantId, attempt(card, "192.0.2.44"), now.minus(Duration.ofHours(2)));
        // other cards from the first IP address: a card tester's pattern
        for (int i = 0; i < 6; i++) {
            velocity.countAndRead(merchantId, attempt("fp_other_" + i + merchantId, "203.0.113.1"), now.minus(Duration.ofMinutes(1)));
        }

        Map<String, Long> read = velocity.read(merchantId, attempt(card, "203.0.113.1"), now);
        assertThat(read).containsEntry("card_attempts_1h", 3L).containsEntry("card_declines_24h", 2L)
                .containsEntry("card_distinct_ips_24h", 3L).containsEntry("ip_attempts_1h", 8L)
                .containsEntry("ip_distinct_cards_1h", 7L).containsEntry("email_attempts_24h", 10L)
                .containsEntry("bin_declines_1h", 1L);
        assertThat(read).as("no customer given: missing, not zero").doesNotContainKey("customer_attempts_24h");

        // a process started now reads the log back and counts the same (a restart forgets nothing that was logged)
        velocity.flush();
        RiskVelocity other = anotherProcess();
        assertThat(other.read(merchantId, attempt(card, "203.0.113.1"), now)).isEqualTo(read);
        // counting and reading in one step: the read includes the attempt just counted
        Map<String, Long> counted = velocity.countAndRead(merchantId, attempt("fp_seventh_" + merchantId, "203.0.113.1"), now);
        assertThat(counted).containsEntry("ip_attempts_1h", read.get("ip_attempts_1h") + 1)
                .containsEntry("ip_distinct_cards_1h", read.get("ip_distinct_cards_1h") + 1)
                .containsEntry("card_attempts_1h", 1L).containsEntry("email_attempts_24h", read.get("email_attempts_24h") + 1);
        // the running process sees it once the first has logged it and it has read the log, and only once
        assertThat(other.read(merchantId, attempt("fp_seventh_" + merchantId, "203.0.113.1"), now)).isNotEqualTo(counted);
        velocity.flush();
        other.followOthers();
        other.followOthers();
        assertThat(other.read(merchantId, attempt("fp_seventh_" + merchantId, "203.0.113.1"), now)).isEqualTo(counted);
        // and what the other process counts, this one sees: its own attempts are not counted twice
        other.declined(merchantId, attempt("fp_seventh_" + merchantId, "203.0.113.1"), now);
        other.flush();
        velocity.followOthers();
        velocity.followOthers();
        assertThat(velocity.read(merchantId, attempt(card, "203.0.113.1"), now)).containsEntry("ip_attempts_1h", 9L)
                .containsEntry("ip_declines_1h", 1L);
        // another merchant's counters are its own, whatever the IP address
        assertThat(velocity.read("mer_someone_else", attempt(card, "203.0.113.1"), now)).containsEntry("ip_attempts_1h", 0L);
    }

    @Test
    void an_attempt_whose_transaction_rolls_back_counts_nothing_here_or_in_the_log() {
        Instant now = Instant.now();
        VelocityKeys keys = attempt("fp_rolled_back_" + merchantId, "203.0.113.77");
        transactions.executeWithoutResult(status -> {
            assertThat(velocity.countAndRead(merchantId, keys, now)).containsEntry("card_attempts_1h", 1L);
            status.setRollbackOnly();
        });
        assertThat(velocity.read(merchantId, keys, now)).containsEntry("card_attempts_1h", 0L).containsEntry("ip_attempts_1h", 0L);
        transactions.executeWithoutResult(status -> velocity.countAndRead(merchantId, keys, now));
        velocity.flush();
        assertThat(jdbc.sql("select sum(attempts) from risk_velocity_log where merchant_id = ?").param(merchantId)
                .query(Long.class).single()).isEqualTo(1L);
        assertThat(anotherProcess().read(merchantId, keys, now)).containsEntry("card_attempts_1h", 1L);
    }

    @Test
    void keys_are_kept_as_hmacs_and_old_rows_are_purged() {
        Instant longAgo = Instant.now().minus(Duration.ofHours(30));
        velocity.countAndRead(merchantId, attempt("fp_old" + merchantId, "203.0.113.200"), longAgo);
        velocity.countAndRead(merchantId, attempt("fp_new" + merchantId, "203.0.113.200"), Instant.now());
        velocity.flush();
        List<byte[]> hashes = jdbc.sql("""
                        select h from risk_velocity_log, unnest(array[card_hash, ip_hash, email_hash, customer_hash, bin_hash]) h
                         where merchant_id = ? and h is not null""").param(merchantId).query(byte[].class).list();
        assertThat(hashes).hasSize(2 * 4).allSatisfy(hash -> {
            assertThat(hash).hasSize(16);
            assertThat(new String(hash, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("tester", "203.0.113");
        });
        assertThat(velocity.purgeBefore(Instant.now().minus(dev.payrail.core.risk.Velocity.RETENTION))).isPositive();
        assertThat(jdbc.sql("select count(*) from risk_velocity_log where merchant_id = ? and minute < ?").params(merchantId,
                java.sql.Timestamp.from(Instant.now().minus(Duration.ofHours(25)))).query(Long.class).single()).isZero();
        assertThat(velocity.read(merchantId, attempt("fp_new" + merchantId, "203.0.113.200"), Instant.now()))
                .containsEntry("card_attempts_1h", 1L).containsEntry("ip_distinct_cards_1h", 1L);
    }
}
