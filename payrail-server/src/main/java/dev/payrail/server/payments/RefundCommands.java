package dev.payrail.server.payments;

import java.util.List;
import dev.payrail.server.idempotency.IdempotencyStore;
import dev.payrail.core.ledger.PostingEvent;
import dev.payrail.core.money.Money;
import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.ProviderRegistry;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.ledger.Journal;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;
import java.util.Optional;

/**
 * Refunds: the amount is reserved on the payment (so concurrent refunds cannot exceed the capture)
 * together with the pending refund and its provider operation, then sent, then settled.
 */
@Service
class RefundCommands {
    private final PaymentRepository payments;
    private final RefundRepository refunds;
    private final ProviderOperations operations;
    private final PaymentTimeline timeline;
    private final OutcomeApplier outcomes;
    private final ProviderRegistry providers;
    private final TransactionTemplate tx;
    private final Journal journal;
    private final RefundLimits limits;

    private final IdempotencyStore idempotency;

    RefundCommands(PaymentRepository payments, RefundRepository refunds, ProviderOperations operations,
                   PaymentTimeline timeline, OutcomeApplier outcomes, ProviderRegistry providers, TransactionTemplate tx,
                   Journal journal, RefundLimits limits, IdempotencyStore idempotency) {
        this.idempotency = idempotency;
        this.limits = limits;
        this.payments = payments;
        this.refunds = refunds;
        this.operations = operations;
        this.timeline = timeline;
        this.outcomes = outcomes;
        this.providers = providers;
        this.tx = tx;
        this.journal = journal;
    }

    Refund create(String merchantId, String paymentId, Optional<Long> requestedAmount, String reason, String actor) {
        payments.find(merchantId, paymentId).orElseThrow(() -> ApiException.notFound("payment", paymentId));
        record Started(Payment payment, Refund refund, ProviderOperation op) {
        }
        // Refunds of one payment queue on its row lock rather than fail each other: each is checked against
        // what the ones before it reserved.
        Started started = tx.execute(status -> {
            Payment payment = payments.lock(paymentId);
            Money amount = requestedAmount.map(a -> new Money(a, payment.state.amount().currency()))
                    .orElse(payment.state.refundable());
            PaymentStatus from = payment.state.status();
            payment.state = payment.state.reserveRefund(amount);
            limits.check(merchantId, paymentId);
            if (!payments.update(payment)) {
                throw PaymentCommands.concurrentlyModified();
            }
            Refund refund = refunds.insertPending(merchantId, paymentId, amount, reason);
            idempotency.recordRecovery("/v1/refunds/" + refund.id());
            ProviderOperation op = operations.open(paymentId, refund.id(), OperationKind.REFUND, amount.minorUnits(),
                    reason, payment.provider);
            journal.post(PostingEvent.REFUND_REQUESTED, merchantId, payment.provider, amount, "refund", refund.id());
            timeline.append(payment, "refund.created", from, actor,
                    Map.of("refund", refund.id(), "amount", amount.minorUnits()));
            return new Started(payment, refund, op);
        });
        Payment payment = started.payment();
        long start = System.nanoTime();
        ProviderResult result = providers.get(payment.provider).refund(started.op().id(), payment.providerReference,
                started.refund().amount());
        outcomes.apply(started.op().id(), result, actor, (System.nanoTime() - start) / 1_000_000);
        return refunds.get(started.refund().id());
    }

    List<Refund> list(String merchantId, RefundListQuery query) {
        return refunds.list(merchantId, query);
    }

    Optional<Refund> find(String merchantId, String refundId) {
        return refunds.find(merchantId, refundId);
    }

    Refund get(String merchantId, String refundId) {
        return refunds.find(merchantId, refundId).orElseThrow(() -> ApiException.notFound("refund", refundId));
    }
}
