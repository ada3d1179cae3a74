package dev.payrail.core.payments;

/** The transition table has no row for this event in the payment's current status. */
public final class IllegalTransitionException extends PaymentRuleException {
    private final PaymentStatus current;
    private final PaymentEvent event;

    public IllegalTransitionException(PaymentStatus current, PaymentEvent event) {
        super("payment_state_invalid",
                "This payment is " + current.wireName() + "; it cannot " + event.wireName().replace('_', ' ') + ".");
        this.current = current;
        this.event = event;
    }

    public PaymentStatus current() {
        return current;
    }

    public PaymentEvent event() {
        return event;
    }
}
