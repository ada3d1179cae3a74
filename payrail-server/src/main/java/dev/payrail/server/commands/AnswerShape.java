package dev.payrail.server.commands;

/**
 * How a command's answer is worded on the surface its request came to, applied where the answer is stored under
 * the request's idempotency key (so that a replay is the same words): Payrail's own API stores the answer as it is;
 * the Stripe-compatible surface stores it as the Stripe object (a payment as a PaymentIntent, a decline as Stripe's
 * card error). Deterministic: the same answer is worded the same way every time.
 */
@FunctionalInterface
public interface AnswerShape {
    AnswerShape AS_IS = (status, body) -> new Worded(status, body);

    Worded apply(int status, byte[] body);

    record Worded(int status, byte[] body) {
    }
}
