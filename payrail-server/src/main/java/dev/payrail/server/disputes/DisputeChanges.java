package dev.payrail.server.disputes;

import dev.payrail.core.disputes.DisputeFunds;
import dev.payrail.core.disputes.DisputeStatus;
import dev.payrail.core.ledger.PostingAmounts;
import dev.payrail.core.ledger.PostingEvent;
import dev.payrail.core.ledger.PostingRules;
import dev.payrail.server.PayrailProperties;
import dev.payrail.server.ledger.Journal;
import dev.payrail.server.events.EventLog;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;

/**
 * Records a dispute's new state with what follows from it, in the caller's transaction: the ledger
 * postings that {@link DisputeFunds} asks for (withdraw amount and fee, return or lose the amount), the
 * row, and the merchant's event ({@code dispute.created}, {@code dispute.updated}, {@code dispute.closed}).
 */
@Component
class DisputeChanges {
    private final DisputeStore disputes;
    private final Journal journal;
    private final EventLog events;
    private final PayrailProperties.Ledger ledger;

    DisputeChanges(DisputeStore disputes, Journal journal, EventLog events, PayrailProperties properties) {
        this.disputes = disputes;
        this.journal = journal;
        this.events = events;
        this.ledger = properties.ledger();
    }

    /** A dispute just inserted with its first status: book what that status means. */
    @Transactional(propagation = Propagation.MANDATORY)
    Dispute created(Dispute dispute, String actor) {
        Dispute booked = book(dispute, null, dispute);
        disputes.update(booked);
        events.appendObjectEvent(booked.merchantId(), booked.paymentId(), "dispute.created", actor, DisputeJson.of(booked));
        return booked;
    }

    /** {@code next} is {@code current} after a move the transition table allowed. */
    @Transactional(propagation = Propagation.MANDATORY)
    Dispute moved(Dispute current, Dispute next, String actor) {
        Dispute booked = book(current, current.status(), next);
        disputes.update(booked);
        String type = booked.status().isFinal() ? "dispute.closed" : "dispute.updated";
        events.appendObjectEvent(booked.merchantId(), booked.paymentId(), type, actor, DisputeJson.of(booked));
        return booked;
    }

    private Dispute book(Dispute current, DisputeStatus from, Dispute next) {
        boolean withdrawn = current.fundsWithdrawn();
        PostingRules.Parties parties = new PostingRules.Parties(next.merchantId(), next.provider(), next.amount().currency());
        for (PostingEvent posting : DisputeFunds.postings(from, next.status(), withdrawn)) {
            PostingAmounts amounts = posting == PostingEvent.DISPUTE_FEE
                    ? fee(next.amount().currency().code())
                    : PostingAmounts.of(next.amount().minorUnits());
            journal.post(posting, amounts, parties, "dispute", next.id(), Instant.now());
            if (posting == PostingEvent.DISPUTE_OPENED) {
                withdrawn = true;
            }
        }
        return new Dispute(next.id(), next.merchantId(), next.paymentId(), next.provider(), next.providerDisputeId(),
                next.amount(), next.status(), next.reason(), next.evidence(), next.evidenceSubmittedAt(), next.dueBy(),
                withdrawn, next.providerUpdatedAt(), next.created());
    }

    private PostingAmounts fee(String currency) {
        long fee = ledger.disputeFee(currency);
        return new PostingAmounts(fee, fee);
    }
}
