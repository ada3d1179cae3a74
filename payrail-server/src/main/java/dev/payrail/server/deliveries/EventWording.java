package dev.payrail.server.deliveries;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Another API's words for Payrail's events, for the endpoints registered through it: the Stripe-compatible surface
 * words {@code payment.succeeded} as Stripe's {@code payment_intent.succeeded} with a PaymentIntent, and signs it as
 * Stripe does. Implemented where that surface is, so that deliveries know nothing of it.
 */
public interface EventWording {

    /** The format of endpoints whose deliveries this words ({@code stripe}). */
    String format();

    /** The event as the endpoint's API has it; empty for an event that API has no words for (not sent). */
    Optional<Map<String, Object>> word(String merchantId, Map<String, Object> event);

    /** The signature header (name and value) of {@code body}, signed with the endpoint's live secrets. */
    Map.Entry<String, String> signature(List<String> secrets, long timestamp, byte[] body);
}
