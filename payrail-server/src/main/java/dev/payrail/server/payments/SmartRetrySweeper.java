package dev.payrail.server.payments;

import dev.payrail.core.payments.PaymentRuleException;
import dev.payrail.server.api.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Confirms again, with the same card, each merchant-initiated payment whose smart retry is due
 * ({@link PaymentCommands#retry}). Two processes sweeping the same payment: the version check lets one confirm; the
 * other gets a 409 and moves on. A retry that finds every provider disabled stays due and is tried at the next sweep.
 */
@Component
class SmartRetrySweeper {
    private static final Logger log = LoggerFactory.getLogger(SmartRetrySweeper.class);
    private static final int BATCH = 50;

    private final PaymentStore payments;
    private final PaymentCommands commands;

    SmartRetrySweeper(PaymentStore payments, PaymentCommands commands) {
        this.payments = payments;
        this.commands = commands;
    }

    @Scheduled(fixedDelayString = "${payrail.payments.retries.sweep-interval}")
    void sweep() {
        for (String id : payments.retriesDue(Instant.now(), BATCH)) {
            try {
                commands.retry(id);
            } catch (ApiException | PaymentRuleException moved) {
                log.info("payment {} was not retried: {}", id, moved.getMessage());
            }
        }
    }
}
