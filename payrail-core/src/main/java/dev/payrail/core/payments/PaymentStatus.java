package dev.payrail.core.payments;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a payment is in its lifecycle. The wire name is the lower-case snake form. */
public enum PaymentStatus {
    /**
     * Its last card failed authentication, or (smart retries) its soft decline will be retried on schedule: the
     * merchant may confirm again with another card.
     */
    REQUIRES_PAYMENT_METHOD,
    REQUIRES_CONFIRMATION,
    /** The provider waits for the customer (a 3-D Secure challenge, a bank's page): {@code next_action} says where. */
    REQUIRES_ACTION,
    PROCESSING,
    REQUIRES_CAPTURE,
    SUCCEEDED,
    CANCELED,
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PaymentStatus> fromWireName(String wire) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(wire)).findFirst();
    }

    /** A terminal status has no way out in the transition table (refunds change amounts, not status). */
    public boolean isTerminal() {
        return PaymentTransitions.eventsFrom(this).isEmpty();
    }
}
