package dev.payrail.server.payments;

import dev.payrail.core.payments.PaymentStatus;

/**
 * Told of every status a provider's answer moves a payment to, inside the transaction that moves it: what another
 * capability keeps about the payment (a checkout session completed by its payment) commits with the move or not at
 * all, whichever of the command, the customer's return, the webhook or the resolver applied it.
 */
public interface PaymentStatusListener {
    /** {@code metadata}: the payment's, so that a listener can tell at once whether the payment is one of its own. */
    void moved(String merchantId, String paymentId, java.util.Map<String, String> metadata, PaymentStatus from,
               PaymentStatus to, String actor);
}
