package dev.payrail.server.payments;

import dev.payrail.server.idempotency.IdempotencyStore;
import dev.payrail.core.cards.CardToken;
import dev.payrail.core.money.Money;
import dev.payrail.core.payments.PaymentEvent;
import dev.payrail.core.payments.PaymentState;
import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.core.payments.PaymentTransitions;
import dev.payrail.core.providers.DeclineCodes;
import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.ProviderRegistry;
import dev.payrail.core.providers.FailureMessages;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.core.routing.PaymentFacts;
import dev.payrail.core.routing.Route;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.Ids;
import dev.payrail.server.routing.PaymentRouter;
import dev.payrail.server.vault.CardVault;
import dev.payrail.server.vault.PaymentMethod;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What merchants (and the expiry sweeper) can do to a payment. Each command claims the payment in a
 * short transaction with a version check, calls the provider outside any transaction, then applies the
 * answer through {@link OutcomeApplier}. Two commands racing on one payment: one claim wins, the other
 * gets 409.
 */
@Service
class PaymentCommands {
    private final PaymentRepository payments;
    private final ProviderOperations operations;
    private final PaymentTimeline timeline;
    private final CardVault vault;
    private final OutcomeApplier outcomes;
    private final ProviderRegistry providers;
    private final PaymentRouter router;
    private final TransactionTemplate tx;
    private final IdempotencyStore idempotency;

    PaymentCommands(PaymentRepository payments, ProviderOperations operations, PaymentTimeline timeline,
                    CardVault vault, OutcomeApplier outcomes, ProviderRegistry providers, PaymentRouter router,
                    TransactionTemplate tx, IdempotencyStore idempotency) {
        this.idempotency = idempotency;
        this.payments = payments;
        this.operations = operations;
        this.timeline = timeline;
        this.vault = vault;
        this.outcomes = outcomes;
        this.providers = providers;
        this.router = router;
        this.tx = tx;
    }

    /** A validated create request. */
    record NewPayment(Money amount, String captureMethod, boolean confirm, Optional<PaymentMethod> card,
                      String description, String merchantReference, Map<String, String> metadata) {
    }

    Payment create(String merchantId, NewPayment request, String actor) {
        Payment payment = new Payment(Ids.newId("pay"), merchantId, request.captureMethod(), request.description(),
                request.merchantReference(), request.metadata(), Instant.now(), 0, PaymentState.created(request.amount()));
        org.slf4j.MDC.put("payment_id", payment.id);          // every later line of this request names it
        request.card().ifPresent(card -> {
            payment.card = summary(card);
            payment.paymentMethodId = card.id();
        });
        // Created and confirmed at once: the payment is created already claimed for its authorization, in
        // one transaction (one commit and no re-read fewer than creating, then confirming).
        Optional<Confirmation> confirmation = request.confirm()
                ? Optional.of(confirmation(payment, request.card())) : Optional.empty();
        ProviderOperation first = tx.execute(status -> {
            payments.insert(payment);
            idempotency.recordRecovery("/v1/payments/" + payment.id);
            timeline.append(payment, "payment.created", null, actor, Map.of());
            return confirmation.filter(Confirmation::routable).map(c -> claimForAuthorization(payment, c, actor)).orElse(null);
        });
        if (confirmation.isEmpty()) {
            return payment;
        }
        return authorize(payment, confirmation.get(), first, actor);
    }

    /** The payment, if it may be confirmed now (409 otherwise). */
    Payment confirmable(String merchantId, String paymentId) {
        Payment payment = get(merchantId, paymentId);
        PaymentTransitions.require(payment.state.status(), PaymentEvent.CONFIRM);
        return payment;
    }

    Payment confirm(String merchantId, String paymentId, Optional<PaymentMethod> givenCard, String actor) {
        Payment payment = confirmable(merchantId, paymentId);
        Confirmation confirmation = confirmation(payment, givenCard);
        ProviderOperation first = confirmation.routable()
                ? tx.execute(status -> claimForAuthorization(payment, confirmation, actor)) : null;
        return authorize(payment, confirmation, first, actor);
    }

    /** The card a confirmation authorizes and the providers it may go to, in order. */
    private record Confirmation(PaymentMethod card, Route route) {
        boolean routable() {
            return !route.providers().isEmpty();
        }
    }

    private Confirmation confirmation(Payment payment, Optional<PaymentMethod> givenCard) {
        String paymentMethodId = givenCard.map(PaymentMethod::id).or(() -> Optional.ofNullable(payment.paymentMethodId))
                .orElseThrow(() -> ApiException.invalid("parameter_missing", "payment_method",
                        "This payment has no card yet: send payment_method to confirm it."));
        PaymentMethod card = givenCard.or(() -> vault.find(payment.merchantId, paymentMethodId)).orElseThrow();
        return new Confirmation(card, router.route(new PaymentFacts(payment.merchantId, payment.state.amount(), card.brand(),
                card.country())));
    }

    /** Moves the payment to processing and opens its authorization, inside the caller's transaction. */
    private ProviderOperation claimForAuthorization(Payment payment, Confirmation confirmation, String actor) {
        PaymentStatus from = payment.state.status();
        Route route = confirmation.route();
        payment.state = payment.state.on(PaymentEvent.CONFIRM);
        payment.card = summary(confirmation.card());
        payment.paymentMethodId = confirmation.card().id();
        payment.provider = route.providers().get(0);
        payment.routingRule = route.ruleId();
        payment.operationInFlight = OperationKind.AUTHORIZE.wireName();
        claim(payment);
        timeline.append(payment, "payment.processing", from, actor,
                Map.of("routing_rule", route.ruleId(), "providers", route.providers()));
        return operations.open(payment.id, null, OperationKind.AUTHORIZE, payment.state.amount().minorUnits(), null,
                payment.provider);
    }

    /** Sends the claimed authorization along its route and answers with the payment as it ends up. */
    private Payment authorize(Payment payment, Confirmation confirmation, ProviderOperation first, String actor) {
        if (first == null) {
            throw ApiException.providerUnavailable("Every provider is disabled; nothing was sent. Retry later.");
        }
        PaymentMethod card = confirmation.card();
        ProviderResult result;
        try {
            result = authorizeAlongRoute(payment, new CardToken(payment.merchantId, card.id()), confirmation.route(), first, actor);
        } finally {
            vault.forgetCvc(card.id());
        }
        Payment after = get(payment.merchantId, payment.id);
        if (result instanceof ProviderResult.Declined declined && after.state.status() == PaymentStatus.FAILED) {
            throw ApiException.cardDeclined(declined.code(), FailureMessages.of(declined.code()), declined.providerCode(), payment.id);
        }
        if (result instanceof ProviderResult.NotReceived) {
            throw ApiException.providerUnavailable("The provider could not be reached; payment " + payment.id
                    + " failed without being charged. Create a new payment to try again.");
        }
        return after;
    }

    /**
     * Tries the route's providers in order. It moves on only when an attempt certainly charged nothing
     * (connection refused, circuit open, rate limited, 503) or, where the rule allows, once after a soft
     * decline. A timeout never moves on: the money may have moved, and the resolver settles it.
     */
    private ProviderResult authorizeAlongRoute(Payment payment, CardToken card, Route route, ProviderOperation first,
                                               String actor) {
        ProviderOperation op = first;
        boolean softDeclineRetried = false;
        for (int next = 1; ; next++) {
            long start = System.nanoTime();
            ProviderResult result = providers.get(op.provider()).authorize(op.id(), payment.id, payment.state.amount(), card,
                    payment.capturesAutomatically());
            long latencyMillis = (System.nanoTime() - start) / 1_000_000;
            boolean softDecline = result instanceof ProviderResult.Declined declined && route.retrySoftDeclines()
                    && !softDeclineRetried && DeclineCodes.isSoft(declined.code(), false);
            boolean failOver = next < route.providers().size()
                    && (result instanceof ProviderResult.NotReceived || softDecline);
            if (!failOver) {
                outcomes.apply(op.id(), result, actor, latencyMillis);
                return result;
            }
            softDeclineRetried |= softDecline;
            op = outcomes.failOver(op.id(), result, latencyMillis, route.providers().get(next), actor);
        }
    }

    Payment capture(String merchantId, String paymentId, Optional<Long> amountToCapture, String actor) {
        Payment payment = get(merchantId, paymentId);
        Money amount = amountToCapture.map(a -> new Money(a, payment.state.amount().currency()))
                .orElse(payment.state.amount());
        payment.state.checkCapture(amount);
        ProviderOperation op = begin(payment, OperationKind.CAPTURE, amount.minorUnits(), null);
        long start = System.nanoTime();
        ProviderResult result = providers.get(payment.provider).capture(op.id(), payment.providerReference, amount);
        return finish(merchantId, op, result, actor, "capture_failed", start);
    }

    Payment cancel(String merchantId, String paymentId, String reason, String actor) {
        Payment payment = get(merchantId, paymentId);
        if (payment.state.status() == PaymentStatus.REQUIRES_CONFIRMATION) {
            return cancelUnconfirmed(payment, reason, actor);
        }
        PaymentTransitions.require(payment.state.status(), PaymentEvent.CANCEL);
        ProviderOperation op = begin(payment, OperationKind.CANCEL, null, reason);
        long start = System.nanoTime();
        ProviderResult result = providers.get(payment.provider).cancel(op.id(), payment.providerReference);
        return finish(merchantId, op, result, actor, "cancel_failed", start);
    }

    /** The sweeper's cancel: the authorization outlived its capture window. */
    void expire(Payment payment) {
        PaymentTransitions.require(payment.state.status(), PaymentEvent.EXPIRE);
        ProviderOperation op = begin(payment, OperationKind.CANCEL, null, "expired");
        long start = System.nanoTime();
        ProviderResult result = providers.get(payment.provider).cancel(op.id(), payment.providerReference);
        outcomes.apply(op.id(), result, "expiry_sweeper", (System.nanoTime() - start) / 1_000_000);
    }

    Payment get(String merchantId, String paymentId) {
        return payments.find(merchantId, paymentId).orElseThrow(() -> ApiException.notFound("payment", paymentId));
    }

    private Payment cancelUnconfirmed(Payment payment, String reason, String actor) {
        tx.executeWithoutResult(status -> {
            PaymentStatus from = payment.state.status();
            payment.state = payment.state.on(PaymentEvent.CANCEL);
            payment.cancellationReason = reason;
            claim(payment);
            timeline.append(payment, "payment.canceled", from, actor, Map.of("cancellation_reason", reason));
        });
        return get(payment.merchantId, payment.id);
    }

    /** Marks the payment as having {@code kind} in flight and opens the provider operation, atomically. */
    private ProviderOperation begin(Payment payment, OperationKind kind, Long amount, String reason) {
        if (payment.operationInFlight != null) {
            throw inProgress(payment);
        }
        return tx.execute(status -> {
            payment.operationInFlight = kind.wireName();
            claim(payment);
            return operations.open(payment.id, null, kind, amount, reason, payment.provider);
        });
    }

    private Payment finish(String merchantId, ProviderOperation op, ProviderResult result, String actor,
                           String failureCode, long startNanos) {
        outcomes.apply(op.id(), result, actor, (System.nanoTime() - startNanos) / 1_000_000);
        if (result instanceof ProviderResult.Declined declined) {
            throw ApiException.providerRefused(failureCode, FailureMessages.of(declined.code()), declined.code(), op.paymentId());
        }
        if (result instanceof ProviderResult.NotReceived) {
            throw ApiException.providerUnavailable("The provider could not be reached; nothing was changed. Retry later.");
        }
        return get(merchantId, op.paymentId());
    }

    /** Saves with the version read; losing a race is a 409, never a silent overwrite. */
    private void claim(Payment payment) {
        if (!payments.update(payment)) {
            throw concurrentlyModified();
        }
    }

    static ApiException concurrentlyModified() {
        return ApiException.conflict("payment_concurrently_modified",
                "This payment was changed by another request at the same time; fetch it and retry.");
    }

    private static ApiException inProgress(Payment payment) {
        return ApiException.conflict("payment_operation_in_progress",
                "A " + payment.operationInFlight + " of this payment is still in progress"
                        + (payment.outcomeUnknown ? " (its outcome is being confirmed with the provider)" : "") + ".");
    }

    private static Payment.CardSummary summary(PaymentMethod card) {
        return new Payment.CardSummary(card.brand(), card.last4(), card.expMonth(), card.expYear());
    }
}
