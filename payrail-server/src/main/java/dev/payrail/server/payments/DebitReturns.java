package dev.payrail.server.payments;

import dev.payrail.core.ledger.PostingEvent;
import dev.payrail.core.money.Money;
import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.server.ledger.Journal;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bank debit the payer's bank took back after it succeeded (a SEPA return, weeks later; Stripe tells it as a dispute
 * on the debit's charge, which cannot be answered). Not a refund and not a card chargeback: the whole amount goes back
 * from the merchant's available funds as a movement of its own ({@code debit_returned}), announced as
 * {@code payment.debit_returned}, once, in one commit with the payment's change.
 */
@Component
public class DebitReturns {
    /** What became of a notice. */
    public enum Applied { APPLIED, ALREADY_REFLECTED, NOT_A_DEBIT }

    private final PaymentStore payments;
    private final PaymentTimeline timeline;
    private final Journal journal;
    private final TransactionTemplate tx;

    DebitReturns(PaymentStore payments, PaymentTimeline timeline, Journal journal, TransactionTemplate tx) {
        this.payments = payments;
        this.timeline = timeline;
        this.journal = journal;
        this.tx = tx;
    }

    /**
     * The provider says the payment it knows as {@code providerReference} (or Payrail's {@code paymentId}) was taken
     * back by the payer's bank for {@code reason}, naming the return {@code returnReference}: booked when it is a
     * succeeded debit not returned yet.
     */
    public Applied apply(String provider, String paymentId, String providerReference, String returnReference, String reason) {
        Optional<String> id = payments.debitId(provider, paymentId, providerReference);
        if (id.isEmpty()) {
            return Applied.NOT_A_DEBIT;
        }
        return tx.execute(status -> {
            Payment payment = payments.lock(id.get());
            if (payment.amountReturned > 0 || payment.state.status() != PaymentStatus.SUCCEEDED) {
                return Applied.ALREADY_REFLECTED;     // returned once already, or not collected: nothing to take back
            }
            Money returned = payment.state.captured();
            payment.amountReturned = returned.minorUnits();
            payment.returnedAt = Instant.now();
            payment.returnReason = reason == null ? "debit_returned" : reason;
            payment.returnReference = returnReference;
            if (!payments.update(payment)) {
                throw new IllegalStateException("payment " + payment.id + " changed while row-locked");
            }
            journal.post(PostingEvent.DEBIT_RETURNED, payment.merchantId, provider, returned, "payment", payment.id);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("amount_returned", returned.minorUnits());
            data.put("return_reason", payment.returnReason);
            timeline.append(payment, "payment.debit_returned", payment.state.status(), "provider_webhook:" + provider, data);
            return Applied.APPLIED;
        });
    }
}
