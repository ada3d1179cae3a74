package dev.payrail.server.disputes;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.commands.Answer;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.commands.KeyTaken;
import dev.payrail.server.payments.OperatorActions;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

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
    private final JsonMapper json;

    EarlyFraudWarningRefunds(EarlyFraudWarnings warnings, OperatorActions payments, MeterRegistry meters, JsonMapper json) {
        this.json = json;
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

    /**
     * Voids an authorization not captured (or answers the void made already), else refunds all that is left (or answers
     * the refund made already): the key, not the payment's state, says whether this warning was acted on, so a run
     * repeated after the command committed and before the warning was updated records what the first run did.
     */
    void refund(EarlyFraudWarnings.Warning warning) {
        Map<String, Object> payment = payments.payment(warning.paymentId()).orElseThrow();
        String status = (String) payment.get("status");
        try {
            if ("requires_capture".equals(status) || "canceled".equals(status)) {
                Answer voided = keyed(() -> payments.cancel(CommandOrigin.keyedJob(ACTOR, warning.id() + ":void"),
                        warning.paymentId(), "fraudulent"));
                settle(warning, voided, "voided", null);
            } else {
                Answer refunded = keyed(() -> payments.refund(CommandOrigin.keyedJob(ACTOR, warning.id() + ":refund"),
                        warning.paymentId(), Optional.empty(), "fraudulent"));
                settle(warning, refunded, "refunded", (String) refunded.body().get("id"));
            }
        } catch (ApiException refused) {
            if (refused.status() == 409 && "idempotency_key_in_use".equals(refused.code())) {
                return;     // another process is making this refund right now: its outcome is recorded on the next run
            }
            // nothing left to refund, a payment voided or disputed by someone else, a provider's refusal before sending
            warnings.autoRefunded(warning, "not_refundable", null, refused.getMessage());
            count("not_refundable");
        }
    }

    /** The command's answer, or the answer its key stored when this warning's command ran before. */
    private Answer keyed(java.util.function.Supplier<Answer> command) {
        try {
            return command.get();
        } catch (KeyTaken taken) {
            return new Answer(taken.status(), json.readValue(taken.body(),
                    new tools.jackson.core.type.TypeReference<Map<String, Object>>() {
                    }), null);
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

}
