package dev.payrail.server.checkout;

import dev.payrail.core.payments.PaymentRuleException;
import dev.payrail.server.api.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * Expires open checkout sessions whose time is over: an unsent or refused payment is canceled with its session, one
 * with the bank or the provider is left to settle first (the action window cancels an abandoned challenge; a
 * session whose payment then succeeds completes instead). A session raced by its customer is tried again next round.
 */
@Component
class CheckoutSessionSweeper {
    private static final Logger log = LoggerFactory.getLogger(CheckoutSessionSweeper.class);
    private static final int BATCH = 50;

    private final CheckoutSessionStore store;
    private final CheckoutSessions sessions;

    CheckoutSessionSweeper(CheckoutSessionStore store, CheckoutSessions sessions) {
        this.store = store;
        this.sessions = sessions;
    }

    @Scheduled(fixedDelayString = "${payrail.payments.expiry-sweep-interval}")
    void sweep() {
        Instant now = Instant.now();
        // paged past the sessions left open (their payment still with the bank), so they never hold up the others
        CheckoutSessionStore.Expiring after = null;
        for (List<CheckoutSessionStore.Expiring> page = store.expiring(now, null, BATCH); !page.isEmpty();
             page = store.expiring(now, after, BATCH)) {
            for (CheckoutSessionStore.Expiring due : page) {
                expire(due.id());
            }
            after = page.get(page.size() - 1);
        }
    }

    private void expire(String id) {
        try {
            if (!sessions.expireDue(id)) {
                log.debug("checkout session {} is past its time but its payment is still with the bank", id);
            }
        } catch (ApiException | PaymentRuleException raced) {
            log.info("checkout session {} changed before it could be expired: {}", id, raced.getMessage());
        }
    }
}
