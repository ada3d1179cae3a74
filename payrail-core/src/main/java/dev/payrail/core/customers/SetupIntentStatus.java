package dev.payrail.core.customers;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where saving a card without a payment stands: {@link #SUCCEEDED} (verified by the provider and saved to the
 * customer) and {@link #CANCELED} are final; {@link #REQUIRES_PAYMENT_METHOD} after a refusal waits for another card.
 */
public enum SetupIntentStatus {
    REQUIRES_PAYMENT_METHOD, REQUIRES_CONFIRMATION, REQUIRES_ACTION, PROCESSING, SUCCEEDED, CANCELED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SetupIntentStatus> fromWireName(String raw) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(raw)).findFirst();
    }
}
