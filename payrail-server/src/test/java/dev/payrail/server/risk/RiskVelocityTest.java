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
 * process (another instance over the same database and keys) reads, the purge, and no key in clear.
 */
class RiskVelocityTest extends ApiTest {
    @Autowired
    RiskVelocity velocity;

    @Autowired
    AtRestKeys keys;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate template;

    private static VelocityKeys attempt(String card, String ip) {
        return new VelocityKeys(card, ip, "Tester@Example.com", null, "400000");
    }

    @Test
    void attempts_declines_and_distinct_pairs_count_within_their_windows() {
        Instant now = Instant.now();
        String card = "fp_" + merchantId;
        velocity.attempted(merchantId, attempt(card, "203.0.113.1"), now.minus(Duration.ofMinutes(5)));
        velocity.attempted(merchantId, attempt(card, "203.0.113.1"), now.minus(Duration.ofMinutes(4)));
        velocity.attempted(merchantId, attempt(card, "198.51.100.9"), now.minus(Duration.ofMinutes(3)));
        velocity.declined(merchantId, attempt(card, "198.51.100.9"), now.minus(Duration.ofMinutes(3)));
        // two hours ago: in the 24-hour windows, not in the hourly ones
        velocity.attempted(merchantId, attempt(card, "192.0.2.44"), now.minus(Duration.ofHours(2)));
        velocity.declined(merchantId, attempt(card, "192.0.2.44"), now.minus(Duration.ofHours(2)));
        // other cards from the first IP address: a card tester's pattern
        for (int i = 0; i < 6; i++) {
            velocity.attempted(merchantId, attempt("fp_other_" + i + merchantId, "203.0.113.1"), now.minus(Duration.ofMinutes(1)));
        }

        Map<String, Long> read = velocity.read(merchantId, attempt(card, "203.0.113.1"), now);
        assertThat(read).containsEntry("card_attempts_1h", 3L).containsEntry("card_declines_24h", 2L)
                .containsEntry("card_distinct_ips_24h", 3L).containsEntry("ip_attempts_1h", 8L)
                .containsEntry("ip_distinct_cards_1h", 7L).containsEntry("email_attempts_24h", 10L)
                .containsEntry("bin_declines_1h", 1L);
        assertThat(read).as("no customer given: missing, not zero").doesNotContainKey("customer_attempts_24h");

        // another process over the same database and keys reads the same, after a restart too: nothing is in memory
        RiskVelocity other = new RiskVelocity(jdbc, template, keys);
        assertThat(other.read(merchantId, attempt(card, "203.0.113.1"), now)).isEqualTo(read);
        // counting and reading in one exchange: the read includes the attempt just counted
        Map<String, Long> counted = velocity.countAndRead(merchantId, attempt("fp_seventh_" + merchantId, "203.0.113.1"), now);
        assertThat(counted).containsEntry("ip_attempts_1h", read.get("ip_attempts_1h") + 1)
                .containsEntry("ip_distinct_cards_1h", read.get("ip_distinct_cards_1h") + 1)
                .containsEntry("card_attempts_1h", 1L).containsEntry("email_attempts_24h", read.get("email_attempts_24h") + 1);
        assertThat(other.read(merchantId, attempt("fp_seventh_" + merchantId, "203.0.113.1"), now)).isEqualTo(counted);
        // another merchant's counters are its own, whatever the IP address
        assertThat(velocity.read("mer_someone_else", attempt(card, "203.0.113.1"), now)).containsEntry("ip_attempts_1h", 0L);
    }

    @Test
    void keys_are_kept_as_hmacs_and_old_rows_are_purged() {
        Instant longAgo = Instant.now().minus(Duration.ofHours(30));
        velocity.attempted(merchantId, attempt("fp_old" + merchantId, "203.0.113.200"), longAgo);
        velocity.attempted(merchantId, attempt("fp_new" + merchantId, "203.0.113.200"), Instant.now());
        List<byte[]> hashes = jdbc.sql("select key_hash from risk_velocity where merchant_id = ?").param(merchantId)
                .query(byte[].class).list();
        assertThat(hashes).isNotEmpty().allSatisfy(hash -> {
            assertThat(hash).hasSize(16);
            assertThat(new String(hash, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("tester", "203.0.113");
        });
        assertThat(velocity.purgeBefore(Instant.now().minus(dev.payrail.core.risk.Velocity.RETENTION))).isPositive();
        assertThat(jdbc.sql("select count(*) from risk_velocity where merchant_id = ? and minute < ?").params(merchantId,
                java.sql.Timestamp.from(Instant.now().minus(Duration.ofHours(25)))).query(Long.class).single()).isZero();
        assertThat(velocity.read(merchantId, attempt("fp_new" + merchantId, "203.0.113.200"), Instant.now()))
                .containsEntry("card_attempts_1h", 1L).containsEntry("ip_distinct_cards_1h", 1L);
    }
}
