package dev.payrail.core.payments;

import dev.payrail.core.money.Money;

/**
 * A payment's status and amounts, with every rule about how they may change.
 * Invariants: 0 &lt; amount; captured &le; amount; refunded + refundPending &le; captured.
 * Each method returns the next state or throws; the state itself is immutable.
 */
public record PaymentState(PaymentStatus status, Money amount, Money captured, Money refunded, Money refundPending) {

    public PaymentState {
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("payment amount must be positive");
        }
        if (captured.isNegative() || captured.greaterThan(amount)) {
            throw new IllegalStateException("captured " + captured + " outside 0.." + amount);
        }
        if (refunded.isNegative() || refundPending.isNegative() || refunded.plus(refundPending).greaterThan(captured)) {
            throw new IllegalStateException("refunds " + refunded + " + " + refundPending + " exceed captured " + captured);
        }
    }

    public static PaymentState created(Money amount) {
        Money zero = Money.zero(amount.currency());
        return new PaymentState(PaymentStatus.REQUIRES_CONFIRMATION, amount, zero, zero, zero);
    }

    /** What the provider still holds and may be captured. */
    public Money capturable() {
        return status == PaymentStatus.REQUIRES_CAPTURE ? amount : Money.zero(amount.currency());
    }

    /** What may still be refunded, counting refunds in flight as already spoken for. */
    public Money refundable() {
        return captured.minus(refunded).minus(refundPending);
    }

    /** A status-only move (confirm, approve, fail, cancel, expire); captures go through {@link #capture}. */
    public PaymentState on(PaymentEvent event) {
        if (event == PaymentEvent.CAPTURE || event == PaymentEvent.AUTHORIZATION_CAPTURED) {
            throw new IllegalArgumentException(event + " moves money: use capture() or authorizedAndCaptured()");
        }
        return withStatus(PaymentTransitions.require(status, event));
    }

    /** Automatic capture: the provider captured the whole amount with the authorization. */
    public PaymentState authorizedAndCaptured() {
        PaymentStatus next = PaymentTransitions.require(status, PaymentEvent.AUTHORIZATION_CAPTURED);
        return new PaymentState(next, amount, amount, refunded, refundPending);
    }

    /** Checks that {@code amountToCapture} may be captured now, without changing anything. */
    public void checkCapture(Money amountToCapture) {
        PaymentTransitions.require(status, PaymentEvent.CAPTURE);
        if (!amountToCapture.isPositive()) {
            throw new AmountRuleException("amount_invalid", "amount_to_capture", "amount_to_capture must be positive.");
        }
        if (amountToCapture.greaterThan(amount)) {
            throw new AmountRuleException("amount_too_large", "amount_to_capture",
                    "amount_to_capture " + amountToCapture.minorUnits() + " exceeds the authorized amount "
                            + amount.minorUnits() + ".");
        }
    }

    /** Captures all or part of the authorization, once; the rest is released. */
    public PaymentState capture(Money amountToCapture) {
        checkCapture(amountToCapture);
        return new PaymentState(PaymentStatus.SUCCEEDED, amount, amountToCapture, refunded, refundPending);
    }

    /** Sets aside {@code refundAmount} for a refund about to be sent to the provider. */
    public PaymentState reserveRefund(Money refundAmount) {
        if (status != PaymentStatus.SUCCEEDED) {
            throw new PaymentRuleException("payment_state_invalid",
                    "This payment is " + status.wireName() + "; only succeeded payments can be refunded.");
        }
        if (!refundAmount.isPositive()) {
            throw new AmountRuleException("amount_invalid", "amount", "Refund amount must be positive.");
        }
        if (refundAmount.greaterThan(refundable())) {
            throw new AmountRuleException("amount_too_large", "amount",
                    "Refund amount " + refundAmount.minorUnits() + " exceeds the refundable amount "
                            + refundable().minorUnits() + ".");
        }
        return new PaymentState(status, amount, captured, refunded, refundPending.plus(refundAmount));
    }

    /** The provider answered a reserved refund: succeeded moves it to refunded, failed releases it. */
    public PaymentState settleRefund(Money refundAmount, boolean succeeded) {
        if (refundAmount.greaterThan(refundPending)) {
            throw new IllegalStateException("settling " + refundAmount + " but only " + refundPending + " is pending");
        }
        Money pending = refundPending.minus(refundAmount);
        return new PaymentState(status, amount, captured, succeeded ? refunded.plus(refundAmount) : refunded, pending);
    }

    private PaymentState withStatus(PaymentStatus next) {
        return new PaymentState(next, amount, captured, refunded, refundPending);
    }
}
