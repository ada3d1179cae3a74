package dev.payrail.server.disputes;

import dev.payrail.core.disputes.DisputeEvent;
import dev.payrail.core.disputes.DisputeStatus;
import dev.payrail.core.disputes.DisputeTransitions;
import dev.payrail.core.money.CurrencyCode;
import dev.payrail.core.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Optional;

/**
 * Applies providers' dispute notifications. The first one about a dispute creates it in the status it
 * reports; later ones move it through the transition table. Arrival order does not matter: a notification
 * older (by the provider's clock) than the last one applied changes nothing, and a final status stays final.
 */
@Component
public class DisputeIntake {
    private static final Logger log = LoggerFactory.getLogger(DisputeIntake.class);

    /** What became of a notification. */
    public enum Applied { APPLIED, ALREADY_REFLECTED, UNKNOWN_PAYMENT }

    private record PaymentRef(String id, String merchantId, String currency) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final DisputeStore disputes;
    private final DisputeChanges changes;

    DisputeIntake(JdbcClient jdbc, TransactionTemplate transactions, DisputeStore disputes, DisputeChanges changes) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.disputes = disputes;
        this.changes = changes;
    }

    public Applied apply(String provider, DisputeNotice notice) {
        return transactions.execute(status -> {
            Optional<PaymentRef> payment = payment(provider, notice);
            if (payment.isEmpty()) {
                return Applied.UNKNOWN_PAYMENT;
            }
            if (!payment.get().currency().equals(CurrencyCode.of(notice.currency()).code())) {
                throw new IllegalStateException("dispute " + notice.providerDisputeId() + " is in " + notice.currency()
                        + " but payment " + payment.get().id() + " is in " + payment.get().currency());
            }
            String actor = "provider_webhook:" + provider;
            DisputeStore.Locked locked = disputes.insertOrLock(payment.get().merchantId(), payment.get().id(), provider,
                    notice.providerDisputeId(), new Money(notice.amount(), CurrencyCode.of(notice.currency())),
                    notice.status(), notice.reason(), notice.dueBy(), notice.providerTime());
            if (locked.created()) {
                changes.created(locked.dispute(), actor);
                return Applied.APPLIED;
            }
            Dispute current = locked.dispute();
            boolean stale = notice.providerTime() != null && current.providerUpdatedAt() != null
                    && notice.providerTime().isBefore(current.providerUpdatedAt());
            if (stale || notice.status() == current.status()) {
                return Applied.ALREADY_REFLECTED;
            }
            Optional<DisputeStatus> next = DisputeTransitions.next(current.status(), eventTowards(notice.status()));
            if (next.isEmpty() || next.get() != notice.status()) {
                log.info("dispute {} is {}; a notification saying {} changes nothing", current.id(),
                        current.status().wireName(), notice.status().wireName());
                return Applied.ALREADY_REFLECTED;
            }
            Dispute moved = new Dispute(current.id(), current.merchantId(), current.paymentId(), current.provider(),
                    current.providerDisputeId(), current.amount(), next.get(),
                    notice.reason() != null ? notice.reason() : current.reason(), current.evidence(),
                    current.evidenceSubmittedAt(), notice.dueBy() != null ? notice.dueBy() : current.dueBy(),
                    current.fundsWithdrawn(), notice.providerTime() != null ? notice.providerTime() : current.providerUpdatedAt(),
                    current.created());
            changes.moved(current, moved, actor);
            return Applied.APPLIED;
        });
    }

    /** The event that leads to the status a provider reports. */
    private static DisputeEvent eventTowards(DisputeStatus reported) {
        return switch (reported) {
            case NEEDS_RESPONSE -> DisputeEvent.ESCALATE;
            case UNDER_REVIEW -> DisputeEvent.SUBMIT_EVIDENCE;
            case WON -> DisputeEvent.WIN;
            case LOST -> DisputeEvent.LOSE;
            case WARNING_NEEDS_RESPONSE -> DisputeEvent.ESCALATE; // never leads back to a warning
        };
    }

    private Optional<PaymentRef> payment(String provider, DisputeNotice notice) {
        if (notice.paymentId() != null) {
            Optional<PaymentRef> byId = jdbc.sql("select id, merchant_id, currency from disputes_payments where id = ? and provider = ?")
                    .params(notice.paymentId(), provider)
                    .query((rs, n) -> new PaymentRef(rs.getString(1), rs.getString(2), rs.getString(3).strip())).optional();
            if (byId.isPresent()) {
                return byId;
            }
        }
        if (notice.providerPaymentReference() == null) {
            return Optional.empty();
        }
        return jdbc.sql("select id, merchant_id, currency from disputes_payments where provider = ? and provider_reference = ?")
                .params(provider, notice.providerPaymentReference())
                .query((rs, n) -> new PaymentRef(rs.getString(1), rs.getString(2), rs.getString(3).strip())).optional();
    }
}
