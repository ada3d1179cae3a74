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
