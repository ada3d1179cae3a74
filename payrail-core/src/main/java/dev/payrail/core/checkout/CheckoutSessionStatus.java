package dev.payrail.core.checkout;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a hosted checkout stands: {@link #COMPLETE} (its payment succeeded) and {@link #EXPIRED} are final. */
public enum CheckoutSessionStatus {
    OPEN, COMPLETE, EXPIRED;

    public boolean isFinal() {
        return this != OPEN;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CheckoutSessionStatus> fromWireName(String raw) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(raw)).findFirst();
    }
}
