package dev.payrail.core.payouts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a payout stands: {@link #PAID}, {@link #FAILED} and {@link #CANCELED} are final. */
public enum PayoutStatus {
    PENDING, IN_TRANSIT, PAID, FAILED, CANCELED;

    public boolean isFinal() {
        return this == PAID || this == FAILED || this == CANCELED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PayoutStatus> fromWireName(String raw) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(raw)).findFirst();
    }
}
