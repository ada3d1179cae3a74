package dev.payrail.server.checkout;

import dev.payrail.core.checkout.CheckoutSessionStatus;
import dev.payrail.core.money.Money;

import java.time.Instant;
import java.util.List;

/**
 * A hosted checkout as stored: what the customer is asked to pay, where they go after, until when the page is
 * open, and the payment they pay it with ({@code paymentId}: the current attempt; a declined card's payment is
 * failed and the next card gets a new one).
 */
record CheckoutSession(String id, String merchantId, CheckoutSessionStatus status, String paymentId, Money amount,
                       String description, String successUrl, String cancelUrl, List<String> paymentMethodTypes,
                       Instant expiresAt, Instant created, Instant completedAt, Instant expiredAt, long version) {

    /** Open, and its time not over: the page still takes a card. */
    boolean payable(Instant now) {
        return status == CheckoutSessionStatus.OPEN && now.isBefore(expiresAt);
    }

    /** Where the customer goes once paid: Stripe's {CHECKOUT_SESSION_ID} template replaced, as Stripe's own does. */
    String successUrlFor() {
        return successUrl.replace("{CHECKOUT_SESSION_ID}", id);
    }
}
