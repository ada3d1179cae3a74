package dev.payrail.server.payments;

import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.server.events.EventLog;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * A payment's timeline, as the payments package writes and reads it: every change appends a row through
 * {@link EventLog} (which owns the rows and their outbox) in the transaction of the change. A row of a public type
 * ({@link #PUBLIC_TYPES}) carries the payment, or the refund, as it became: it is an event merchants receive.
 */
@Component
class PaymentTimeline {

    /** The timeline types merchants see; the others (attempts, failovers, unknown outcomes) are internal. */
    static final java.util.Set<String> PUBLIC_TYPES = EventLog.TYPES;

    private final EventLog events;
    private final RefundStore refunds;

    PaymentTimeline(EventLog events, RefundStore refunds) {
        this.events = events;
        this.refunds = refunds;
    }

    void append(Payment payment, String type, PaymentStatus from, String actor, Map<String, Object> data) {
        Map<String, Object> object = null;
        if (PUBLIC_TYPES.contains(type)) {
            object = type.startsWith("refund.")
                    ? PaymentJson.refund(refunds.get((String) data.get("refund"))) : PaymentJson.payment(payment);
        }
        events.appendPaymentEvent(payment.merchantId, payment.id, type, from == null ? null : from.wireName(),
                payment.state.status().wireName(), actor, data, object);
    }

    /** A review of the payment opened or closed: an event of its own, in the payment's sequence. */
    void appendReview(Payment payment, String type, String actor, PaymentReviews.Review review) {
        events.appendObjectEvent(payment.merchantId, payment.id, type, actor, PaymentReviews.json(review));
    }

    List<EventLog.TimelineEntry> of(String paymentId) {
        return events.timeline(paymentId);
    }
}
