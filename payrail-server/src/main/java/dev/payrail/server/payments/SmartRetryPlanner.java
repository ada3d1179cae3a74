package dev.payrail.server.payments;

import dev.payrail.core.retries.ApprovalHours;
import dev.payrail.core.retries.RetrySchedule;
import dev.payrail.core.retries.SmartRetries;
import dev.payrail.server.PayrailProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Asks {@link SmartRetries} whether a declined merchant-initiated payment is tried again, bringing what it needs: the
 * schedule configured, the card's declines at its merchant over the networks' windows (from the operations), and the
 * hour its segment approves best (learnt here, in this process, from every card authorization's answer: like the
 * routing window, each process's own view of the same traffic).
 */
@Component
class SmartRetryPlanner {
    /** Outcomes an hour needs before it may be named best: below this, retries keep their nominal time. */
    private static final int MIN_SAMPLES_PER_HOUR = 20;

    private final RetrySchedule schedule;
    private final ProviderOperationStore operations;
    private final ApprovalHours hours = new ApprovalHours(MIN_SAMPLES_PER_HOUR);

    SmartRetryPlanner(PayrailProperties properties, ProviderOperationStore operations) {
        this.schedule = properties.payments().retries().schedule();
        this.operations = operations;
    }

    /**
     * The decision for {@code payment}, whose authorization the issuer just declined with {@code declineCode}, inside
     * the transaction that records the decline (its operation already closed with the code, so it is counted;
     * {@code payment.retryAttempts} already counts it).
     */
    SmartRetries.Decision decide(Payment payment, String declineCode, Instant now) {
        Instant firstDeclined = payment.retryFirstDeclinedAt == null ? now : payment.retryFirstDeclinedAt;
        return SmartRetries.decide(schedule, declineCode, payment.retryAttempts, firstDeclined, now,
                payment.card == null ? null : payment.card.brand(),
                operations.declinesOf(payment.merchantId, payment.paymentMethodId, now.minus(Duration.ofDays(1)),
                        now.minus(Duration.ofDays(30))), bestHour(payment));
    }

    /** A card authorization's answer at {@code at}: teaches the hour its segment approves at. */
    void learn(Payment payment, boolean approved, Instant at) {
        if (payment.card == null) {
            return;
        }
        synchronized (hours) {
            hours.learn(key(payment), at.atZone(ZoneOffset.UTC).getHour(), approved);
        }
    }

    private Optional<Integer> bestHour(Payment payment) {
        if (payment.card == null) {
            return Optional.empty();
        }
        synchronized (hours) {
            return hours.bestHour(key(payment));
        }
    }

    /** The segment retries are timed by: the card's brand and the payment's currency (its market). */
    private static String key(Payment payment) {
        return payment.card.brand() + ":" + payment.state.amount().currency().wireName();
    }
}
