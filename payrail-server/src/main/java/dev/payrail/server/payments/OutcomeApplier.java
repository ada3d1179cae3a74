package dev.payrail.server.payments;

import dev.payrail.core.money.Money;
import dev.payrail.core.payments.OperationAnswer;
import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.OperationStatus;
import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.core.payments.RefundStatus;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.core.ledger.PostingEvent;
import dev.payrail.server.PayrailProperties;
import dev.payrail.server.ledger.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Applies what a provider said about one operation to the payment (and refund) it belongs to: asks
 * {@link OperationAnswer} what follows, then persists exactly that (operation, payment, refund, posting,
 * timeline and its public event) in one transaction. Used by the commands (inside their last commit), by the
 * resolver, the webhook worker and the sweeper alike; an operation already closed is left alone, so a late or
 * repeated answer changes nothing.
 */
@Component
class OutcomeApplier {
    private static final Logger log = LoggerFactory.getLogger(OutcomeApplier.class);

    private final PaymentStore payments;
    private final ProviderOperationStore operations;
    private final RefundStore refunds;
    private final PaymentTimeline timeline;
    private final TransactionTemplate tx;
    private final Journal journal;
    private final Duration firstCheckAfter;
    private final PaymentMetrics metrics;
    private final java.util.List<PaymentStatusListener> listeners;
    private final CardSaving cardSaving;
    private final SmartRetryPlanner retries;
    private final dev.payrail.server.risk.RiskEvaluator risk;
    private final PaymentReviews reviews;
    private final Duration captureWindow;

    OutcomeApplier(PaymentStore payments, ProviderOperationStore operations, RefundStore refunds,
                   PaymentTimeline timeline, TransactionTemplate tx, Journal journal, PayrailProperties properties,
                   PaymentMetrics metrics, java.util.List<PaymentStatusListener> listeners, CardSaving cardSaving,
                   SmartRetryPlanner retries, dev.payrail.server.risk.RiskEvaluator risk, PaymentReviews reviews) {
        this.risk = risk;
        this.reviews = reviews;
        this.captureWindow = properties.payments().captureWindow();
        this.retries = retries;
        this.cardSaving = cardSaving;
        this.listeners = listeners;
        this.metrics = metrics;
        this.payments = payments;
        this.operations = operations;
        this.refunds = refunds;
        this.timeline = timeline;
        this.tx = tx;
        this.journal = journal;
        this.firstCheckAfter = properties.resolver().initialDelay();
    }

    /** What applying an answer left: the payment as it is now (for the caller's answer). */
    record Applied(Payment payment, ProviderResult result) {
    }

    /** Applies an answer in a transaction of its own: the resolver's, the webhook worker's and the sweeper's way. */
    ProviderResult apply(String operationId, ProviderResult result, String actor) {
        return apply(operationId, result, actor, null);
    }

    ProviderResult apply(String operationId, ProviderResult result, String actor, Long latencyMillis) {
        return tx.execute(status -> applyWithin(operationId, result, actor, latencyMillis)).result();
    }

    /**
     * Applies the answer of a call that took {@code latencyMillis} (null: not a call, a lookup or a notification),
     * inside the caller's transaction: a command's last commit. The attempt itself (provider, latency, outcome) is
     * written to the timeline first.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Applied applyWithin(String operationId, ProviderResult result, String actor, Long latencyMillis) {
        String previous = MDC.get("payment_id");
        try {
            ProviderOperation op = operations.lock(operationId);
            Payment payment = payments.lock(op.paymentId());
            MDC.put("payment_id", payment.id);          // the resolver's and the webhook worker's lines name it too
            Optional<OperationAnswer.Change> change = OperationAnswer.decide(payment.state, new OperationAnswer.Operation(
                    op.kind(), op.status(), op.amount() == null ? null : new Money(op.amount(), payment.state.amount().currency()),
                    op.reason()), result);
            if (change.isEmpty()) {
                return new Applied(payment, result);     // closed already: a late or repeated answer changes nothing
            }
            if (latencyMillis != null) {
                recordAttempt(payment, op, result, latencyMillis, actor);
            }
            persist(op, payment, change.get(), result, actor);
            return new Applied(payment, result);
        } finally {
            if (previous == null) {
                MDC.remove("payment_id");
            } else {
                MDC.put("payment_id", previous);
            }
        }
    }

    /** Writes what {@link OperationAnswer} decided, and nothing it did not. */
    private void persist(ProviderOperation op, Payment payment, OperationAnswer.Change change, ProviderResult result,
                         String actor) {
        PaymentStatus from = payment.state.status();
        dev.payrail.core.payments.PaymentState before = payment.state;
        Optional<String> failureMessage = change.failure().map(OperationAnswer.Failure::message);
        String declineCode = op.kind() == OperationKind.AUTHORIZE && result instanceof ProviderResult.Declined declined
                ? declined.code() : null;
        if (change.operation() == OperationStatus.UNKNOWN) {
            operations.markUnknown(op.id(), ((ProviderResult.OutcomeUnknown) result).reason(), Instant.now().plus(firstCheckAfter));
        } else if (change.operation() == OperationStatus.REQUIRES_ACTION) {
            // the customer's return and the provider's webhook tell first; the resolver asks in case neither does
            operations.awaitCustomer(op.id(), change.providerReference(), Instant.now().plus(firstCheckAfter));
        } else if (change.operation() == OperationStatus.PENDING) {
            // the bank settles it by itself: the provider's webhook tells, the resolver asks in case it never does
            operations.awaitProvider(op.id(), change.providerReference(), Instant.now().plus(firstCheckAfter));
        } else {
            operations.finish(op.id(), change.operation(), change.providerReference(), failureMessage.orElse(null),
                    declineCode);
        }
        Refund refund = op.refundId() == null ? null : refunds.get(op.refundId());
        if (change.firstUnknown()) {
            log.warn("outcome unknown for {} {} of payment {}: {}; the resolver will ask the provider",
                    op.kind().wireName(), op.id(), payment.id, ((ProviderResult.OutcomeUnknown) result).reason());
            payment.outcomeUnknown = true;
        }
        if (refund != null && change.operation() == OperationStatus.UNKNOWN) {
            refunds.markOutcomeUnknown(refund.id());
        }
        if (refund != null && change.refund() != null) {
            refunds.settle(refund, change.refund(), change.providerReference(),
                    change.failure().map(OperationAnswer.Failure::code).orElse(null));
            metrics.refundSettled(op.provider(), change.refund() == RefundStatus.SUCCEEDED, refund.created());
        }
        payment.state = change.state();
        boolean savesPayment = change.closesOperation() || change.firstUnknown();
        if (change.redirectUrl() != null) {
            // the customer holds the payment now, not a call: the merchant may cancel it while it waits
            payment.nextActionUrl = change.redirectUrl();
            payment.actionRequiredAt = Instant.now();
            payment.providerReference = change.providerReference();
            payment.provider = op.provider();
            payment.operationInFlight = null;
            savesPayment = true;
            metrics.authenticationStarted(op.provider());
        }
        if (change.operation() == OperationStatus.PENDING) {
            // the authorization is still in progress, now at the customer's bank: neither cancel nor capture may start
            payment.providerReference = change.providerReference();
            payment.provider = op.provider();
            payment.operationInFlight = OperationKind.AUTHORIZE.wireName();
            savesPayment = true;
        }
        if (payment.state.status() != PaymentStatus.REQUIRES_ACTION && payment.nextActionUrl != null) {
            payment.nextActionUrl = null;
            payment.actionRequiredAt = null;
        }
        if (change.threeDSecure() != null) {
            payment.threeDSecure = change.threeDSecure();
            metrics.authentication(op.provider(), change.threeDSecure());
        }
        if (change.closesAuthorization()) {
            // canceled while the customer was away: the authorization that waited for them ends too, never to charge
            operations.oldestOpen(payment.id, op.provider(), OperationKind.AUTHORIZE).ifPresent(waiting ->
                    operations.finish(waiting, OperationStatus.FAILED, null, "canceled before the customer finished"));
        }
        String timelineType = change.timelineType();
        Map<String, Object> retryData = Map.of();
        if (op.kind() == OperationKind.AUTHORIZE && change.closesOperation() && payment.card != null) {
            retries.learn(payment, change.operation() == OperationStatus.SUCCEEDED, Instant.now());
        }
        if (op.kind() == OperationKind.AUTHORIZE && change.closesOperation() && payment.smartRetries) {
            // a provider nobody reached is retried as a decline the issuer never saw (the networks count none of it)
            String retried = declineCode != null ? declineCode
                    : result instanceof ProviderResult.NotReceived ? dev.payrail.core.retries.SmartRetries.PROVIDER_UNAVAILABLE : null;
            payment.retryAttempts++;
            if (change.operation() == OperationStatus.SUCCEEDED) {
                payment.retryStopReason = "succeeded";
                if (payment.retryAttempts > 1) {
                    metrics.retry("recovered", null);    // a retry, not the first attempt, was approved
                }
            } else if (retried != null && payment.state.status() == PaymentStatus.FAILED
                    && dev.payrail.core.payments.PaymentTransitions.allows(before.status(),
                    dev.payrail.core.payments.PaymentEvent.RETRY_SCHEDULED)) {
                // a merchant-initiated payment that asked for smart retries: tried again on schedule, if SmartRetries says
                Instant now = Instant.now();
                dev.payrail.core.retries.SmartRetries.Decision decision = retries.decide(payment, retried, now);
                payment.retryFirstDeclinedAt = payment.retryFirstDeclinedAt == null ? now : payment.retryFirstDeclinedAt;
                if (decision instanceof dev.payrail.core.retries.SmartRetries.Decision.Retry retry) {
                    payment.state = before.on(dev.payrail.core.payments.PaymentEvent.RETRY_SCHEDULED);
                    payment.nextRetryAt = retry.at();
                    timelineType = "payment.retry_scheduled";
                    retryData = Map.of("retry_attempt", retry.attempt(), "next_attempt_at", retry.at().toString(),
                            "decline_code", retried);
                    metrics.retry("scheduled", retried);
                } else {
                    payment.retryStopReason = ((dev.payrail.core.retries.SmartRetries.Decision.Stopped) decision)
                            .reason().wireName();
                    metrics.retry("stopped_" + payment.retryStopReason, retried);
                }
            }
        }
        if (op.kind() == OperationKind.AUTHORIZE && change.closesOperation()) {
            payment.provider = op.provider();
            if (change.operation() == OperationStatus.SUCCEEDED) {
                payment.providerReference = change.providerReference();
                payment.authorizedAt = Instant.now();
                if (result instanceof ProviderResult.Succeeded approved) {
                    cardSaving.authorized(payment, approved, actor);
                }
                if (payment.heldForReview() && payment.state.status() == PaymentStatus.REQUIRES_CAPTURE) {
                    openReview(payment, actor);
                }
            } else {
                payment.failureCode = change.failure().orElseThrow().code();
                payment.failureMessage = failureMessage.orElseThrow();
                countDecline(payment, result);
            }
            metrics.authorization(op.provider(), payment.card == null ? null : payment.card.brand(),
                    payment.state.amount().currency().wireName(), result instanceof ProviderResult.Succeeded ? "approved"
                            : result instanceof ProviderResult.Declined ? "declined" : "failed",
                    result instanceof ProviderResult.Declined declined ? declined.code() : null);
        }
        if (op.kind() == OperationKind.CANCEL && change.operation() == OperationStatus.SUCCEEDED) {
            payment.cancellationReason = op.reason();
            // voided: an open review is refused (by an analyst, the merchant, or the expiry of the authorization)
            reviews.closeOpen(payment.id, "refused", op.reason(), actor)
                    .ifPresent(review -> timeline.appendReview(payment, "review.closed", actor, review));
        }
        if (op.kind() == OperationKind.CAPTURE && change.operation() == OperationStatus.SUCCEEDED) {
            // captured: an open review is approved, whoever captured
            reviews.closeOpen(payment.id, "approved", "captured", actor)
                    .ifPresent(review -> timeline.appendReview(payment, "review.closed", actor, review));
        }
        if (change.closesOperation()) {
            if (op.kind().wireName().equals(payment.operationInFlight)) {
                payment.operationInFlight = null;       // not another command's call that started meanwhile
            }
            // only a payment that knew of an unknown outcome can still have one (this operation just closed)
            payment.outcomeUnknown = payment.outcomeUnknown && operations.anyUnknown(payment.id);
        }
        if (savesPayment) {
            saveOrFail(payment);
        }
        change.posting().ifPresent(posting -> {
            if (posting.event() == PostingEvent.CAPTURE) {
                journal.capture(payment.merchantId, op.provider(), posting.amount(), payment.id);
            } else {
                journal.post(posting.event(), payment.merchantId, op.provider(), posting.amount(), "refund", refund.id());
            }
        });
        if (timelineType != null) {
            Map<String, Object> data = new LinkedHashMap<>();
            if (refund != null && change.refund() != null) {
                data.put("refund", refund.id());
            }
            data.putAll(change.timelineData());
            data.putAll(retryData);
            timeline.append(payment, timelineType, from, actor, data);
        }
        if (payment.state.status() != from) {
            listeners.forEach(l -> l.moved(payment.merchantId, payment.id, payment.metadata, from, payment.state.status(), actor));
        }
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
            operations.finish(op.id(), OperationStatus.FAILED, OperationAnswer.reference(result), detail(result),
                    op.kind() == OperationKind.AUTHORIZE && result instanceof ProviderResult.Declined declined
                            ? declined.code() : null);
            countDecline(payment, result);         // a cascaded soft decline is the issuer's refusal too
            PaymentStatus current = payment.state.status();
            payment.provider = nextProvider;
            saveOrFail(payment);
            timeline.append(payment, "payment.failover", current, actor, Map.of("from_provider", op.provider(),
                    "to_provider", nextProvider, "reason", detail(result)));
            return operations.open(payment.id, null, op.kind(), op.amount(), op.reason(), nextProvider);
        });
    }

    /**
     * The risk evaluation held the payment for review and its authorization was approved uncaptured: a review opens,
     * due a day before the authorization would be voided.
     */
    private void openReview(Payment payment, String actor) {
        dev.payrail.server.risk.RiskOutcome outcome = payment.riskOutcome;
        String reason = outcome.rule() != null ? "rule:" + outcome.rule() : "list_entry:" + outcome.listEntry();
        PaymentReviews.Review review = reviews.open(payment.merchantId, payment.id, reason, payment.authorizedAt,
                PaymentReviews.deadline(payment.authorizedAt, captureWindow));
        payment.reviewId = review.id();
        timeline.appendReview(payment, "review.opened", actor, review);
    }

    /** An issuer's decline counts against the attempt's keys (its card, IP address, email, customer, BIN). */
    private void countDecline(Payment payment, ProviderResult result) {
        if (result instanceof ProviderResult.Declined && payment.riskFacts != null) {
            risk.declined(payment.merchantId, payment.riskFacts);
        }
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

    private void saveOrFail(Payment payment) {
        if (!payments.update(payment)) {
            throw new IllegalStateException("payment " + payment.id + " changed while row-locked");
        }
    }
}
