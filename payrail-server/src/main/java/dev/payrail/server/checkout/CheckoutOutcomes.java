package dev.payrail.server.checkout;

import dev.payrail.core.checkout.CheckoutSessionEvent;
import dev.payrail.core.checkout.CheckoutSessionStatus;
import dev.payrail.core.checkout.CheckoutSessionTransitions;
import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.PublicAddress;
import dev.payrail.server.events.EventLog;
import dev.payrail.server.payments.CheckoutPayments;
import dev.payrail.server.payments.PaymentStatusListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.Map;

/**
 * How a checkout session ends, and the one place that ends it: the move asked of the transition table, the row and
 * its public event in the caller's transaction. A session completes in the very transaction that makes its payment
 * succeed, whoever applied that (the page's confirm, the customer's return, the provider's webhook, the resolver).
 */
@Component
class CheckoutOutcomes implements PaymentStatusListener {
    private final CheckoutSessionStore sessions;
    private final EventLog events;
    private final PublicAddress address;

    CheckoutOutcomes(CheckoutSessionStore sessions, EventLog events, PublicAddress address) {
        this.sessions = sessions;
        this.events = events;
        this.address = address;
    }

    /** Completes the open session whose current payment was just paid. */
    @Override
    public void moved(String merchantId, String paymentId, Map<String, String> metadata, PaymentStatus from, PaymentStatus to,
                      String actor) {
        // only a session's payment is looked for: every other payment's success costs checkout nothing
        if (metadata.containsKey(CheckoutPayments.SESSION_METADATA) && CheckoutSessionTransitions.paid(to)
                && !CheckoutSessionTransitions.paid(from)) {
            sessions.lockOpenByPayment(paymentId).ifPresent(session -> end(session, CheckoutSessionEvent.PAID, actor));
        }
    }

    /** Ends a session the caller holds locked; 409 when it has ended already. */
    @Transactional(propagation = Propagation.MANDATORY)
    CheckoutSession end(CheckoutSession session, CheckoutSessionEvent event, String actor) {
        CheckoutSessionStatus next = CheckoutSessionTransitions.next(session.status(), event).orElseThrow(() ->
                ApiException.conflict("checkout_session_" + session.status().wireName(),
                        "This checkout session is " + session.status().wireName() + " already."));
        sessions.end(session, next, Instant.now());
        CheckoutSession ended = sessions.findAny(session.id()).orElseThrow();
        events.appendObjectEvent(ended.merchantId(), null, next == CheckoutSessionStatus.COMPLETE
                ? "checkout.session.completed" : "checkout.session.expired", actor,
                CheckoutSessionJson.of(ended, pageUrl(ended.id())));
        return ended;
    }

    /** The session's page, where the customer pays (and comes back to from their bank). */
    String pageUrl(String sessionId) {
        return address.url(CheckoutPage.PATH + sessionId);
    }
}
