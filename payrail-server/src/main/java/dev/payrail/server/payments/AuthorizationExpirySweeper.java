package dev.payrail.server.payments;

import dev.payrail.core.payments.PaymentRuleException;
import dev.payrail.server.PayrailProperties;
import dev.payrail.server.api.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * Voids authorizations that were not captured within the capture window, and cancels payments whose customer never
 * finished authenticating within the action window (after asking the provider whether they did): the payment ends
 * {@code canceled} with reason {@code expired}, never charged. Two sweepers racing on one payment: the version check
 * lets one through.
 */
@Component
class AuthorizationExpirySweeper {
    private static final Logger log = LoggerFactory.getLogger(AuthorizationExpirySweeper.class);
    private static final int BATCH = 50;

    private final PaymentStore payments;
    private final PaymentCommands commands;
    private final Duration captureWindow;
    private final Duration actionWindow;

    AuthorizationExpirySweeper(PaymentStore payments, PaymentCommands commands, PayrailProperties properties) {
        this.payments = payments;
        this.commands = commands;
        this.captureWindow = properties.payments().captureWindow();
        this.actionWindow = properties.payments().actionWindow();
    }

    @Scheduled(fixedDelayString = "${payrail.payments.expiry-sweep-interval}")
    void sweep() {
        java.util.List<String> due = new java.util.ArrayList<>(payments.expiredAuthorizations(Instant.now().minus(captureWindow), BATCH));
        due.addAll(payments.abandonedActions(Instant.now().minus(actionWindow), BATCH));
        for (String id : due) {
            try {
                commands.expire(payments.get(id));
            } catch (ApiException | PaymentRuleException raced) {
                log.info("payment {} changed before it could be expired: {}", id, raced.getMessage());
            }
        }
    }
}
