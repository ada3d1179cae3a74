package dev.payrail.server.payments;

import dev.payrail.core.providers.ProviderRegistry;
import dev.payrail.core.providers.OperationStatus;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.server.PayrailProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * Resolves unknown outcomes by asking the provider what the request with the same key did, and only
 * that: it never re-sends an authorization. "Never received" is believed only once the request is
 * older than {@code notFoundAfter}, since a slow request may still be arriving. Instances share the
 * work through leases in the database.
 */
@Component
class OutcomeResolver {
    private static final Logger log = LoggerFactory.getLogger(OutcomeResolver.class);

    private final ProviderOperationStore operations;
    private final OutcomeApplier outcomes;
    private final ProviderRegistry providers;
    private final PayrailProperties.Resolver settings;

    OutcomeResolver(ProviderOperationStore operations, OutcomeApplier outcomes, ProviderRegistry providers,
                    PayrailProperties properties) {
        this.operations = operations;
        this.outcomes = outcomes;
        this.providers = providers;
        this.settings = properties.resolver();
        Duration readTimeout = properties.longestReadTimeout();
        if (settings.inFlightStaleAfter().compareTo(readTimeout.multipliedBy(2)) < 0) {
            throw new IllegalStateException("payrail.resolver.in-flight-stale-after (" + settings.inFlightStaleAfter()
                    + ") must be at least twice the longest provider read-timeout (" + readTimeout + "), or live calls"
                    + " would be taken for crashed ones.");
        }
    }

    @Scheduled(fixedDelayString = "${payrail.resolver.interval}")
    void resolveDue() {
        for (ProviderOperation op : operations.leaseDue(settings.batchSize(), settings.maxDelay(), settings.inFlightStaleAfter())) {
            try {
                resolve(op);
            } catch (RuntimeException e) {
                log.error("resolving {} failed; it stays unknown and is retried", op.id(), e);
                operations.scheduleCheck(op.id(), Instant.now().plus(backoff(op.lookups())));
            }
        }
    }

    private void resolve(ProviderOperation op) {
        ProviderResult answer = providers.get(op.provider()).lookup(op.id(), op.kind(), op.paymentProviderReference());
        if (op.status() == OperationStatus.IN_FLIGHT && answer instanceof ProviderResult.OutcomeUnknown) {
            outcomes.apply(op.id(), answer, "outcome_resolver");
            return;
        }
        boolean tooEarlyToTrustAbsence = answer instanceof ProviderResult.NotReceived
                && op.created().plus(settings.notFoundAfter()).isAfter(Instant.now());
        boolean stillPending = op.status() == OperationStatus.PENDING
                && (answer instanceof ProviderResult.Pending || answer instanceof ProviderResult.NotReceived);
        if (answer instanceof ProviderResult.OutcomeUnknown || tooEarlyToTrustAbsence || stillPending) {
            operations.scheduleCheck(op.id(), Instant.now().plus(backoff(op.lookups())));
            return;
        }
        log.info("resolved {} {} of payment {}: {}", op.kind().wireName(), op.id(), op.paymentId(),
                answer.getClass().getSimpleName());
        outcomes.apply(op.id(), answer, "outcome_resolver");
    }

    /** Doubles from the initial delay with each lookup, up to the maximum. */
    private Duration backoff(int lookups) {
        Duration delay = settings.initialDelay().multipliedBy(1L << Math.min(lookups, 20));
        return delay.compareTo(settings.maxDelay()) > 0 ? settings.maxDelay() : delay;
    }
}
