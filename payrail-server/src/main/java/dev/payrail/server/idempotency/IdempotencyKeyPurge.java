package dev.payrail.server.idempotency;

import dev.payrail.server.PayrailProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;

/** Deletes idempotency keys past their retention (24 hours by default). Safe on any number of instances. */
@Component
public class IdempotencyKeyPurge {
    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurge.class);

    private final IdempotencyStore store;
    private final Duration retention;

    public IdempotencyKeyPurge(IdempotencyStore store, PayrailProperties properties) {
        this.store = store;
        this.retention = properties.idempotency().retention();
        if (retention.compareTo(Duration.ofHours(24)) < 0) {
            throw new IllegalStateException("payrail.idempotency.retention must be at least 24h; got " + retention);
        }
    }

    @Scheduled(fixedDelayString = "${payrail.idempotency.purge-interval}", initialDelayString = "${payrail.idempotency.purge-interval}")
    public void purge() {
        int purged = store.purgeOlderThan(retention);
        if (purged > 0) {
            log.info("purged {} idempotency keys older than {}", purged, retention);
        }
    }
}
