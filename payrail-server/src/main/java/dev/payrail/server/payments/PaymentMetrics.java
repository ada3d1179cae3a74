package dev.payrail.server.payments;

import dev.payrail.core.providers.DeclineCodes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The business signals of payments, for dashboards and alerts: authorization outcomes by provider, card
 * brand and currency (the success rate is approved / all), declines by code, and refund completion time
 * (the backlog of payments waiting for the resolver is read by ops.OperationalSignals). Counted when the transaction that applied the outcome commits, so a
 * rolled-back apply counts nothing. Labels are bounded: no ids, decline codes folded by
 * {@link DeclineCodes#label}.
 */
@Component
public class PaymentMetrics {
    private final MeterRegistry meters;

    PaymentMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** The risk rules refused a confirm before any provider call: an attempt that cost no authorization. */
    void blocked() {
        afterCommit(() -> Counter.builder("payrail.payments.blocked")
                .description("confirms refused by the risk rules or lists, never sent to a provider")
                .register(meters).increment());
    }

    /** An authorization's final answer: approved, declined (with its code) or failed (nothing charged). */
    void authorization(String provider, String brand, String currency, String outcome, String declineCode) {
        afterCommit(() -> {
            Counter.builder("payrail.payments.authorizations")
                    .description("authorization outcomes: approved, declined, failed")
                    .tag("provider", provider).tag("brand", brand == null ? "unknown" : brand)
                    .tag("currency", currency.toLowerCase(Locale.ROOT)).tag("outcome", outcome)
                    .register(meters).increment();
            if ("declined".equals(outcome)) {
                Counter.builder("payrail.payments.declines").description("declined authorizations by code")
                        .tag("provider", provider).tag("brand", brand == null ? "unknown" : brand)
                        .tag("code", DeclineCodes.label(declineCode))
                        .register(meters).increment();
            }
        });
    }

    /**
     * A smart-retry schedule moved: {@code scheduled} (a soft decline will be tried again), {@code recovered} (a retry
     * was approved) or {@code stopped_<reason>} (hard decline, attempts or window exhausted, network limit, ...).
     */
    void retry(String outcome, String declineCode) {
        afterCommit(() -> Counter.builder("payrail.payments.retries")
                .description("smart retries of merchant-initiated payments: scheduled, recovered, stopped by reason")
                .tag("outcome", outcome).tag("code", DeclineCodes.label(declineCode))
                .register(meters).increment());
    }

    /** The provider sent a customer to a challenge or a bank's page: the denominator of authentication completion. */
    void authenticationStarted(String provider) {
        afterCommit(() -> {
            Counter.builder("payrail.authentications.started")
                    .description("customers sent to a 3-D Secure challenge or a bank's page")
                    .tag("provider", provider).register(meters).increment();
            abandoned(provider);     // exported from the first start: the completion rule reads 0 abandoned, not no data
        });
    }

    /** What a 3-D Secure authentication established, by flow (frictionless, challenge, none) and result. */
    void authentication(String provider, dev.payrail.core.providers.ThreeDSecure result) {
        afterCommit(() -> Counter.builder("payrail.authentications")
                .description("3-D Secure outcomes by flow and result")
                .tag("provider", provider).tag("flow", result.flow() == null ? "none" : result.flow())
                .tag("result", result.outcome()).register(meters).increment());
    }

    /** A customer never finished: the sweeper canceled the payment after the action window. */
    void authenticationAbandoned(String provider) {
        afterCommit(() -> abandoned(provider).increment());
    }

    private Counter abandoned(String provider) {
        return Counter.builder("payrail.authentications.abandoned")
                .description("payments canceled because the customer never finished authenticating")
                .tag("provider", provider).register(meters);
    }

    /** A refund reached its final status {@code created} ago. */
    void refundSettled(String provider, boolean succeeded, Instant created) {
        Duration took = Duration.between(created, Instant.now());
        afterCommit(() -> Timer.builder("payrail.refunds.completion")
                .description("from refund request to the provider's final answer")
                .tag("provider", provider).tag("outcome", succeeded ? "succeeded" : "failed")
                .publishPercentileHistogram()
                .register(meters).record(took));
    }

    private static void afterCommit(Runnable count) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            count.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                count.run();
            }
        });
    }
}
