package dev.payrail.server.disputes;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.commands.Answer;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.payments.OperatorActions;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;

/**
 * The automatic refund of a payment an issuer reported as fraud (merchant setting
 * {@code refund_on_early_fraud_warning}): what is left of a captured payment is refunded with reason
 * {@code fraudulent}, an authorization not captured is voided. Each is the payment's own refund or cancel command (the
 * same limits, provider call, ledger postings and events as the merchant's), under an idempotency key of the warning:
 * a run repeated after a crash, or by a second process, answers the first run's refund instead of making another.
 * A refund costs the amount; a chargeback would cost the amount and the dispute fee and count against the merchant's
 * dispute rate.
 */
@Component
class EarlyFraudWarningRefunds {
    private static final Logger log = LoggerFactory.getLogger(EarlyFraudWarningRefunds.class);
    private static final String ACTOR = "early_fraud_warnings";

    private final EarlyFraudWarnings warnings;
    private final OperatorActions payments;
    private final MeterRegistry meters;

    EarlyFraudWarningRefunds(EarlyFraudWarnings warnings, OperatorActions payments, MeterRegistry meters) {
        this.warnings = warnings;
        this.payments = payments;
        this.meters = meters;
    }

    @Scheduled(fixedDelayString = "${payrail.risk.early-fraud-warning-interval:PT2S}")
    void refundPending() {
        for (EarlyFraudWarnings.Warning warning : warnings.pendingRefunds(50)) {
            try {
                refund(warning);
            } catch (RuntimeException e) {
                // the warning stays pending: the next run tries again under the same key
                log.warn("automatic refund for early fraud warning {} failed; will retry", warning.id(), e);
            }
        }
    }

    void refund(EarlyFraudWarnings.Warning warning) {
        Map<String, Object> payment = payments.payment(warning.paymentId()).orElseThrow();
        String status = (String) payment.get("status");
        long left = number(payment, "amount_received") - number(payment, "amount_refunded") - number(payment, "amount_refund_pending");
        try {
            if ("requires_capture".equals(status)) {
                Answer voided = payments.cancel(CommandOrigin.keyedJob(ACTOR, warning.id() + ":void"), warning.paymentId(), "fraudulent");
                settle(warning, voided, "voided", null);
            } else if (left > 0) {
                Answer refunded = payments.refund(CommandOrigin.keyedJob(ACTOR, warning.id() + ":refund"), warning.paymentId(),
                        Optional.of(left), "fraudulent");
                settle(warning, refunded, "refunded", (String) refunded.body().get("id"));
            } else {
                warnings.autoRefunded(warning, "not_refundable", null, "nothing left to refund: the payment is " + status);
                count("not_refundable");
            }
        } catch (ApiException refused) {
            if (refused.status() == 409 && "idempotency_key_in_use".equals(refused.code())) {
                return;     // another process is making this refund right now: its outcome is recorded on the next run
            }
            warnings.autoRefunded(warning, "not_refundable", null, refused.getMessage());
            count("not_refundable");
        }
    }

    private void settle(EarlyFraudWarnings.Warning warning, Answer answer, String outcome, String refundId) {
        if (answer.status() >= 300) {
            Object error = answer.body().get("error");
            String message = error instanceof Map<?, ?> e ? String.valueOf(e.get("message")) : "HTTP " + answer.status();
            warnings.autoRefunded(warning, "not_refundable", null, "the provider refused: " + message);
            count("not_refundable");
            return;
        }
        warnings.autoRefunded(warning, outcome, refundId, null);
        count(outcome);
    }

    private void count(String outcome) {
        meters.counter("payrail.risk.early_fraud_warning_refunds", "outcome", outcome).increment();
    }

    private static long number(Map<String, Object> json, String field) {
        return json.get(field) instanceof Number n ? n.longValue() : 0;
    }
}
