package dev.payrail.core.checkout;

/** What happens to a hosted checkout. */
public enum CheckoutSessionEvent {
    /** Its payment succeeded (or was authorized, for a manual capture): the customer paid. */
    PAID,
    /** Its lifetime ended unpaid, or the merchant ended it: its payment, never charged, is canceled with it. */
    EXPIRE
}
