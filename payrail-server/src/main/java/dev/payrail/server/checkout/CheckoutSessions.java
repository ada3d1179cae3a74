package dev.payrail.server.checkout;

import dev.payrail.core.cards.CardDetails;
import dev.payrail.core.checkout.CheckoutSessionEvent;
import dev.payrail.core.checkout.CheckoutSessionStatus;
import dev.payrail.core.checkout.CheckoutSessionTransitions;
import dev.payrail.core.money.Money;
import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.Ids;
import dev.payrail.server.commands.Answer;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.commands.CommandPipeline;
import dev.payrail.server.payments.CheckoutPayments;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What happens to hosted checkouts: a merchant creates one (its payment with it, one commit); the customer pays on
 * the page, with a new payment after a declined card; the session completes in the very transaction that makes its
 * payment succeed ({@link CheckoutOutcomes}); it expires when its time is over, unpaid, with its payment canceled,
 * never charged. Every end is announced.
 */
@Service
class CheckoutSessions {
    /** Submits one session takes: a customer retrying a few cards fits, a card-testing script does not. */
    static final int MAX_ATTEMPTS = 10;

    private final CheckoutSessionStore sessions;
    private final CheckoutPayments payments;
    private final CommandPipeline pipeline;
    private final TransactionTemplate tx;
    private final CheckoutOutcomes outcomes;

    CheckoutSessions(CheckoutSessionStore sessions, CheckoutPayments payments, CommandPipeline pipeline,
                     TransactionTemplate tx, CheckoutOutcomes outcomes) {
        this.sessions = sessions;
        this.payments = payments;
        this.pipeline = pipeline;
        this.tx = tx;
        this.outcomes = outcomes;
    }

    /** A validated create request. */
    record NewSession(Money amount, String description, String successUrl, String cancelUrl, List<String> paymentMethodTypes,
                      Instant expiresAt) {
    }

    Answer create(CommandOrigin origin, String merchantId, NewSession request) {
        String id = Ids.newId("cs");
        return pipeline.once(origin, id, existing -> answer(get(merchantId, existing)), () -> {
            String paymentId = payments.createWithin(merchantId, request.amount(), request.description(), id,
                    outcomes.pageUrl(id), origin.actor());
            CheckoutSession session = new CheckoutSession(id, merchantId, CheckoutSessionStatus.OPEN, paymentId,
                    request.amount(), request.description(), request.successUrl(), request.cancelUrl(),
                    request.paymentMethodTypes(), request.expiresAt(), Instant.now(), null, null, 0);
            sessions.insert(session);
            return answer(session);
        });
    }

    CheckoutSession get(String merchantId, String id) {
        return sessions.find(merchantId, id).orElseThrow(() -> ApiException.notFound("checkout_session", id));
    }

    Optional<CheckoutSession> page(String id) {
        return sessions.findAny(id);
    }

    CheckoutPayments.View paymentOf(CheckoutSession session) {
        return payments.view(session.paymentId());
    }

    Answer answer(CheckoutSession session) {
        return Answer.ok(CheckoutSessionJson.of(session, url(session)), session.id());
    }

    String url(CheckoutSession session) {
        return outcomes.pageUrl(session.id());
    }

    /** The customer submitted a card on the page: the card tokenized and the session's payment confirmed with it. */
    CheckoutPayments.View payWithCard(String sessionId, CardDetails card, String holderName, String customerIp) {
        CheckoutSession session = payable(sessionId);
        CheckoutPayments.View payment = payments.view(session.paymentId());
        if (!awaitsPaymentMethod(payment)) {
            return payment;     // already with the bank or the provider: a resubmit tokenizes and sends nothing
        }
        return payments.payWithCard(session.merchantId(), session.paymentId(), card, holderName, "checkout:" + session.id(),
                customerIp);
    }

    /** The customer chose to pay from their bank: as a card, with the customer sent to their bank's page next. */
    CheckoutPayments.View payByBank(String sessionId, String bank, String customerIp) {
        CheckoutSession session = payable(sessionId);
        if (!session.paymentMethodTypes().contains("bank_redirect")) {
            throw ApiException.invalid("payment_method_unsupported", "bank", "This checkout does not take bank payments.");
        }
        CheckoutPayments.View payment = payments.view(session.paymentId());
        if (!awaitsPaymentMethod(payment)) {
            return payment;
        }
        return payments.payByBank(session.merchantId(), session.paymentId(), bank, "checkout:" + session.id(), customerIp);
    }

    private static boolean awaitsPaymentMethod(CheckoutPayments.View payment) {
        return payment.status() == PaymentStatus.REQUIRES_CONFIRMATION || payment.status() == PaymentStatus.REQUIRES_PAYMENT_METHOD;
    }

    /**
     * The session, locked and checked payable; a payment that a decline ended (or that expired waiting for the bank)
     * is replaced by a new one under the lock, so a double submit confirms one payment once.
     */
    private CheckoutSession payable(String sessionId) {
        return tx.execute(status -> {
            CheckoutSession s = sessions.lock(sessionId).orElseThrow(() -> ApiException.notFound("checkout_session", sessionId));
            if (!s.payable(Instant.now())) {
                throw ApiException.conflict("checkout_session_not_open", "This checkout is " + s.status().wireName() + ".");
            }
            if (sessions.countAttempt(s.id()) > MAX_ATTEMPTS) {
                // card testing runs many cards through one page; a customer needs a few tries at most
                throw ApiException.of(429, "rate_limit_error", "checkout_attempts_exceeded",
                        "Too many payment attempts on this checkout. Return to the shop to start again.", null);
            }
            PaymentStatus current = payments.view(s.paymentId()).status();
            if (current == PaymentStatus.FAILED || current == PaymentStatus.CANCELED) {
                String next = payments.createWithin(s.merchantId(), s.amount(), s.description(), s.id(),
                        outcomes.pageUrl(s.id()), "checkout:" + s.id());
                sessions.replacePayment(s, next);
                return sessions.lock(sessionId).orElseThrow();
            }
            return s;
        });
    }

    /** The merchant ends an open session now ({@code POST /v1/checkout_sessions/{id}/expire}). */
    Answer expire(CommandOrigin origin, String merchantId, String id) {
        CheckoutSession session = get(merchantId, id);
        return pipeline.once(origin, id, existing -> answer(get(merchantId, existing)), () -> {
            CheckoutSessionTransitions.Expiry expiry = CheckoutSessionTransitions.expiry(payments.view(session.paymentId()).status());
            if (expiry == CheckoutSessionTransitions.Expiry.WAIT_FOR_PAYMENT) {
                throw ApiException.conflict("checkout_session_payment_in_progress", "The customer's payment is with their "
                        + "bank or the provider; the session can end once it settles.");
            }
            if (expiry == CheckoutSessionTransitions.Expiry.REFUSE) {
                throw ApiException.conflict("checkout_session_paid", "The customer has paid; the session cannot expire.");
            }
            return answer(endUnpaid(session, expiry, origin.actor()));
        });
    }

    /** The sweeper's expiry of a session whose time is over; false when its payment is still with the bank. */
    boolean expireDue(String id) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            CheckoutSession session = sessions.findAny(id).orElseThrow();
            CheckoutSessionTransitions.Expiry expiry = CheckoutSessionTransitions.expiry(payments.view(session.paymentId()).status());
            if (expiry == CheckoutSessionTransitions.Expiry.WAIT_FOR_PAYMENT || expiry == CheckoutSessionTransitions.Expiry.REFUSE) {
                return false;
            }
            endUnpaid(session, expiry, "checkout_expiry");
            return true;
        }));
    }

    /**
     * Cancels the payment if it must be (locking it first: the order the outcome applier locks in, payment then
     * session), then expires the session if it is still the one read.
     */
    private CheckoutSession endUnpaid(CheckoutSession read, CheckoutSessionTransitions.Expiry expiry, String actor) {
        if (expiry == CheckoutSessionTransitions.Expiry.CANCEL_PAYMENT_AND_EXPIRE) {
            payments.cancelUnpaidWithin(read.merchantId(), read.paymentId(), actor);
        }
        CheckoutSession session = sessions.lock(read.id()).orElseThrow();
        if (!session.paymentId().equals(read.paymentId())) {
            throw ApiException.conflict("checkout_session_concurrently_modified", "The customer started another payment; retry.");
        }
        return outcomes.end(session, CheckoutSessionEvent.EXPIRE, actor);
    }
}
