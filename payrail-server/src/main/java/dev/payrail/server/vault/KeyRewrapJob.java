package dev.payrail.server.vault;

import dev.payrail.server.PayrailProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * After a rotation, moves every data key to the active key-encryption key, a batch per transaction
 * ({@code skip locked}, so several instances share the work). Payments keep flowing meanwhile: a record is
 * readable under its old key until its row is rewrapped, and under the new one after. Progress is the gauge
 * {@code payrail.vault.records_awaiting_rewrap} and {@code GET /v1/admin/vault/keys}.
 */
@Component
class KeyRewrapJob {
    private static final Logger log = LoggerFactory.getLogger(KeyRewrapJob.class);

    private final CardVault vault;
    private final JdbcClient jdbc;
    private final int batchSize;

    KeyRewrapJob(CardVault vault, JdbcClient jdbc, PayrailProperties properties, MeterRegistry meters) {
        this.vault = vault;
        this.jdbc = jdbc;
        this.batchSize = properties.vault().rewrapBatchSize();
        Gauge.builder("payrail.vault.records_awaiting_rewrap", this, KeyRewrapJob::awaiting)
                .description("vault records whose data key is wrapped by a key other than the active one")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${payrail.vault.rewrap-interval}")
    void run() {
        int moved;
        int total = 0;
        do {
            moved = vault.rewrapBatch(batchSize);
            total += moved;
        } while (moved == batchSize);
        if (total > 0) {
            log.info("rewrapped {} vault records under the active key", total);
        }
    }

    /** The cards still under a key that is not the active one: an index range of vault_cards_by_kek, not a scan. */
    private double awaiting() {
        return jdbc.sql("select count(*) from vault_cards where kek_id in (select id from vault_keks where state <> 'active')")
                .query(Long.class).single();
    }
}
