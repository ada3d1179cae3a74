package dev.payrail.server.payments;

import java.util.List;
import dev.payrail.server.api.Ids;
import dev.payrail.server.commands.Answer;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.commands.CommandPipeline;
import dev.payrail.core.ledger.PostingEvent;
import dev.payrail.core.money.Money;
import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.ProviderRegistry;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.ledger.Journal;
import org.springframework.stereotype.Service;

import java.util.Map;
import java.util.Optional;

/**
 * Refunds: the amount is reserved on the payment (so concurrent refunds cannot exceed the capture)
 * together with the pending refund and its provider operation, then sent, then settled.
 */
@Service
class RefundCommands {
    private final PaymentStore payments;
    private final RefundStore refunds;
    private final ProviderOperationStore operations;
    private final PaymentTimeline timeline;
    private final OutcomeApplier outcomes;
    private final ProviderRegistry providers;
    private final Journal journal;
    private final RefundLimits limits;

    private final CommandPipeline pipeline;

    RefundCommands(PaymentStore payments, RefundStore refunds, ProviderOperationStore operations,
                   PaymentTimeline timeline, OutcomeApplier outcomes, ProviderRegistry providers,
                   Journal journal, RefundLimits limits, CommandPipeline pipeline) {
        this.pipeline = pipeline;
        this.limits = limits;
        this.payments = payments;
        this.refunds = refunds;
        this.operations = operations;
        this.timeline = timeline;
        this.outcomes = outcomes;
        this.providers = providers;
        this.journal = journal;
    }

    Answer create(CommandOrigin origin, String merchantId, String paymentId, Optional<Long> requestedAmount, String reason) {
        record Started(Payment payment, Refund refund, ProviderOperation op) {
        }
        String refundId = Ids.newId("re");
        // Refunds of one payment queue on its row lock rather than fail each other: each is checked against
        // what the ones before it reserved.
        Started started = pipeline.begin(origin, refundId, id -> answer(get(merchantId, id)), () -> {
            payments.find(merchantId, paymentId).orElseThrow(() -> ApiException.notFound("payment", paymentId));
            Payment payment = payments.lock(paymentId);
            if (payment.amountReturned > 0) {
                throw ApiException.conflictBeforeRunning("payment_returned", "The payer's bank took this debit back "
                        + "already: there is nothing left to refund.");
            }
            Money amount = requestedAmount.map(a -> new Money(a, payment.state.amount().currency()))
                    .orElse(payment.state.refundable());
            PaymentStatus from = payment.state.status();
            payment.state = payment.state.reserveRefund(amount);
            limits.check(merchantId, paymentId);
            if (!payments.update(payment)) {
                throw PaymentCommands.concurrentlyModified();
            }
            Refund refund = refunds.insertPending(refundId, merchantId, paymentId, amount, reason);
            ProviderOperation op = operations.open(paymentId, refund.id(), OperationKind.REFUND, amount.minorUnits(),
                    reason, payment.provider);
            journal.post(PostingEvent.REFUND_REQUESTED, merchantId, payment.provider, amount, "refund", refund.id());
            timeline.append(payment, "refund.created", from, origin.actor(),
                    Map.of("refund", refund.id(), "amount", amount.minorUnits()));
            return new Started(payment, refund, op);
        });
        Payment payment = started.payment();
        long start = System.nanoTime();
        ProviderResult result = providers.get(payment.provider).refund(started.op().id(), payment.providerReference,
                started.refund().amount());
        long latencyMillis = (System.nanoTime() - start) / 1_000_000;
        return pipeline.end(origin, () -> {
            outcomes.applyWithin(started.op().id(), result, origin.actor(), latencyMillis);
            return answer(refunds.get(refundId));
        });
    }

    private static Answer answer(Refund refund) {
        return Answer.ok(PaymentJson.refund(refund), refund.id());
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
