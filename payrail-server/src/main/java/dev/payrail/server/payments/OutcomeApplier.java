package dev.payrail.server.payments;

import dev.payrail.core.money.Money;
import dev.payrail.core.payments.PaymentEvent;
import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.core.payments.RefundStatus;
import dev.payrail.core.providers.FailureMessages;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.core.ledger.PostingEvent;
import dev.payrail.server.PayrailProperties;
import dev.payrail.server.ledger.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies what a provider said about one operation to the payment (and refund) it belongs to, in one
 * transaction with the timeline entry. Used by the API path and by the resolver alike; an operation
 * already settled is left alone, so a late or repeated answer changes nothing.
 */
@Component
class OutcomeApplier {
    private static final Logger log = LoggerFactory.getLogger(OutcomeApplier.class);

    private final PaymentRepository payments;
    private final ProviderOperations operations;
    private final RefundRepository refunds;
    private final PaymentTimeline timeline;
    private final TransactionTemplate tx;
    private final Journal journal;
    private final Duration firstCheckAfter;
    private final PaymentMetrics metrics;

    OutcomeApplier(PaymentRepository payments, ProviderOperations operations, RefundRepository refunds,
                   PaymentTimeline timeline, TransactionTemplate tx, Journal journal, PayrailProperties properties,
                   PaymentMetrics metrics) {
        this.metrics = metrics;
        this.payments = payments;
        this.operations = operations;
        this.refunds = refunds;
        this.timeline = timeline;
        this.tx = tx;
        this.journal = journal;
        this.firstCheckAfter = properties.resolver().initialDelay();
    }

    /** Returns the operation's result as applied: the caller turns it into an API answer. */
    ProviderResult apply(String operationId, ProviderResult result, String actor) {
        return apply(operationId, result, actor, null);
    }

    /**
     * Applies the answer of a call that took {@code latencyMillis}; the attempt itself (provider, latency,
     * outcome) is written to the timeline first, in the same transaction.
     */
    ProviderResult apply(String operationId, ProviderResult result, String actor, Long latencyMillis) {
        String previous = MDC.get("payment_id");
        try {
            return applyLogged(operationId, result, actor, latencyMillis);
        } finally {
            if (previous == null) {
                MDC.remove("payment_id");
            } else {
                MDC.put("payment_id", previous);
            }
        }
    }

    private ProviderResult applyLogged(String operationId, ProviderResult result, String actor, Long latencyMillis) {
        return tx.execute(status -> {
            ProviderOperation op = operations.lock(operationId);
            Payment payment = payments.lock(op.paymentId());
            MDC.put("payment_id", payment.id);          // the resolver's and the webhook worker's lines name it too
            if (!op.open()) {
                return result;
            }
            if (latencyMillis != null) {
                recordAttempt(payment, op, result, latencyMillis, actor);
            }
            if (result instanceof ProviderResult.OutcomeUnknown unknown) {
                markUnknown(op, payment, unknown, actor);
                return result;
            }
            switch (op.kind()) {
                case AUTHORIZE -> authorized(op, payment, result, actor);
                case CAPTURE -> captured(op, payment, result, actor);
                case CANCEL -> canceled(op, payment, result, actor);
                case REFUND -> refunded(op, payment, result, actor);
            }
            return result;
        });
    }

    /**
     * The attempt on {@code operationId} certainly did not charge (or was a soft decline the rule lets us
     * retry): close it as failed and open the next attempt on {@code nextProvider}, under a new key.
     */
    ProviderOperation failOver(String operationId, ProviderResult result, long latencyMillis, String nextProvider,
                               String actor) {
        return tx.execute(status -> {
            ProviderOperation op = operations.lock(operationId);
            Payment payment = payments.lock(op.paymentId());
            recordAttempt(payment, op, result, latencyMillis, actor);
            operations.finish(op.id(), "failed", reference(result), detail(result));
            PaymentStatus current = payment.state.status();
            payment.provider = nextProvider;
            saveOrFail(payment);
            timeline.append(payment, "payment.failover", current, actor, Map.of("from_provider", op.provider(),
                    "to_provider", nextProvider, "reason", detail(result)));
            return operations.open(payment.id, null, op.kind(), op.amount(), op.reason(), nextProvider);
        });
    }

    private void recordAttempt(Payment payment, ProviderOperation op, ProviderResult result, long latencyMillis,
                               String actor) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("provider", op.provider());
        data.put("operation", op.kind().wireName());
        data.put("operation_id", op.id());
        data.put("latency_ms", latencyMillis);
        data.put("outcome", result.getClass().getSimpleName());
        data.put("detail", detail(result));
        if (result instanceof ProviderResult.Declined declined) {
            // the provider's own words, for operators; the payment shows Payrail's code and message
            data.put("provider_code", declined.providerCode());
            data.put("provider_message", declined.message());
        }
        timeline.append(payment, "payment.provider_attempt", payment.state.status(), actor, data);
        // one line per provider call: with the request, trace and payment ids of the MDC, the thread to pull
        log.info("{} {} at {}: {} in {} ms", op.kind().wireName(), op.id(), op.provider(),
                data.get("outcome"), latencyMillis);
    }

    private static String detail(ProviderResult result) {
        if (result instanceof ProviderResult.Declined declined) {
            return declined.code();
        }
        if (result instanceof ProviderResult.NotReceived notReceived) {
            return notReceived.reason();
        }
        if (result instanceof ProviderResult.OutcomeUnknown unknown) {
            return unknown.reason();
        }
        return "ok";
    }

    private void authorized(ProviderOperation op, Payment payment, ProviderResult result, String actor) {
        PaymentStatus from = payment.state.status();
        Map<String, Object> data = new LinkedHashMap<>();
        if (result instanceof ProviderResult.Succeeded ok) {
            payment.state = ok.captured() ? payment.state.authorizedAndCaptured()
                    : payment.state.on(PaymentEvent.AUTHORIZATION_APPROVED);
            payment.providerReference = ok.providerReference();
            payment.provider = op.provider();
            payment.authorizedAt = Instant.now();
            data.put("amount_captured", payment.state.captured().minorUnits());
            operations.finish(op.id(), "succeeded", ok.providerReference(), null);
            if (ok.captured()) {
                journal.capture(payment.merchantId, op.provider(), payment.state.captured(), payment.id);
            }
        } else {
            String[] failure = failure(result);
            payment.state = payment.state.on(PaymentEvent.AUTHORIZATION_FAILED);
            payment.failureCode = failure[0];
            payment.failureMessage = failure[1];
            data.put("failure_code", failure[0]);
            operations.finish(op.id(), "failed", reference(result), failure[1]);
        }
        metrics.authorization(op.provider(), payment.card == null ? null : payment.card.brand(),
                payment.state.amount().currency().wireName(), result instanceof ProviderResult.Succeeded ? "approved"
                        : result instanceof ProviderResult.Declined ? "declined" : "failed",
                result instanceof ProviderResult.Declined declined ? declined.code() : null);
        settle(payment, from, "payment." + payment.state.status().wireName(), actor, data);
    }

    private void captured(ProviderOperation op, Payment payment, ProviderResult result, String actor) {
        PaymentStatus from = payment.state.status();
        if (result instanceof ProviderResult.Succeeded ok) {
            Money amount = new Money(op.amount(), payment.state.amount().currency());
            payment.state = payment.state.capture(amount);
            operations.finish(op.id(), "succeeded", ok.providerReference(), null);
            journal.capture(payment.merchantId, op.provider(), amount, payment.id);
            settle(payment, from, "payment.succeeded", actor, Map.of("amount_captured", amount.minorUnits(),
                    "amount_released", payment.state.amount().minus(amount).minorUnits()));
        } else {
            refused(op, payment, from, result, actor, "payment.capture_failed");
        }
    }

    private void canceled(ProviderOperation op, Payment payment, ProviderResult result, String actor) {
        PaymentStatus from = payment.state.status();
        if (result instanceof ProviderResult.Succeeded ok) {
            boolean expired = "expired".equals(op.reason());
            payment.state = payment.state.on(expired ? PaymentEvent.EXPIRE : PaymentEvent.CANCEL);
            payment.cancellationReason = op.reason();
            operations.finish(op.id(), "succeeded", ok.providerReference(), null);
            settle(payment, from, "payment.canceled", actor, Map.of("cancellation_reason", op.reason()));
        } else {
            refused(op, payment, from, result, actor, "payment.cancel_failed");
        }
    }

    /** The provider refused a capture or void: the payment stays as it was, the timeline says why. */
    private void refused(ProviderOperation op, Payment payment, PaymentStatus from, ProviderResult result, String actor,
                         String type) {
        String[] failure = failure(result);
        operations.finish(op.id(), "failed", reference(result), failure[1]);
        settle(payment, from, type, actor, Map.of("failure_code", failure[0]));
    }

    private void refunded(ProviderOperation op, Payment payment, ProviderResult result, String actor) {
        PaymentStatus from = payment.state.status();
        Refund refund = refunds.get(op.refundId());
        boolean succeeded = result instanceof ProviderResult.Succeeded;
        String[] failure = succeeded ? new String[]{null, null} : failure(result);
        refunds.settle(refund, succeeded ? RefundStatus.SUCCEEDED : RefundStatus.FAILED, reference(result), failure[0]);
        metrics.refundSettled(op.provider(), succeeded, refund.created());
        payment.state = payment.state.settleRefund(refund.amount(), succeeded);
        operations.finish(op.id(), succeeded ? "succeeded" : "failed", reference(result), failure[1]);
        journal.post(succeeded ? PostingEvent.REFUND_SUCCEEDED : PostingEvent.REFUND_FAILED, payment.merchantId,
                op.provider(), refund.amount(), "refund", refund.id());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("refund", refund.id());
        data.put("amount", refund.amount().minorUnits());
        if (!succeeded) {
            data.put("failure_code", failure[0]);
        }
        settle(payment, from, succeeded ? "refund.succeeded" : "refund.failed", actor, data);
    }

    private void markUnknown(ProviderOperation op, Payment payment, ProviderResult.OutcomeUnknown unknown, String actor) {
        boolean first = "in_flight".equals(op.status());
        operations.markUnknown(op.id(), unknown.reason(), Instant.now().plus(firstCheckAfter));
        if (op.refundId() != null) {
            refunds.markOutcomeUnknown(op.refundId());
        }
        if (first) {
            log.warn("outcome unknown for {} {} of payment {}: {}; the resolver will ask the provider",
                    op.kind().wireName(), op.id(), payment.id, unknown.reason());
            PaymentStatus from = payment.state.status();
            payment.outcomeUnknown = true;
            saveOrFail(payment);
            timeline.append(payment, "payment.outcome_unknown", from, actor,
                    Map.of("operation", op.kind().wireName(), "reason", unknown.reason()));
        }
    }

    /** Clears the in-flight marker, saves, and records the timeline entry in this same transaction. */
    private void settle(Payment payment, PaymentStatus from, String type, String actor, Map<String, Object> data) {
        payment.operationInFlight = null;
        payment.outcomeUnknown = operations.anyUnknown(payment.id);
        saveOrFail(payment);
        timeline.append(payment, type, from, actor, data);
    }

    private void saveOrFail(Payment payment) {
        if (!payments.update(payment)) {
            throw new IllegalStateException("payment " + payment.id + " changed while row-locked");
        }
    }

    private static String[] failure(ProviderResult result) {
        if (result instanceof ProviderResult.Declined declined) {
            return new String[]{declined.code(), FailureMessages.of(declined.code())};
        }
        if (result instanceof ProviderResult.NotReceived) {
            return new String[]{"provider_unavailable", FailureMessages.of("provider_unavailable")};
        }
        throw new IllegalArgumentException("not a failure: " + result);
    }

    private static String reference(ProviderResult result) {
        if (result instanceof ProviderResult.Succeeded ok) {
            return ok.providerReference();
        }
        if (result instanceof ProviderResult.Declined declined) {
            return declined.providerReference();
        }
        return null;
    }
}
