package dev.payrail.core.disputes;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a dispute stands. An inquiry starts at {@link #WARNING_NEEDS_RESPONSE} (no funds withdrawn); a
 * chargeback at {@link #NEEDS_RESPONSE} (funds withdrawn). {@link #WON} and {@link #LOST} are final.
 */
public enum DisputeStatus {
    WARNING_NEEDS_RESPONSE, NEEDS_RESPONSE, UNDER_REVIEW, WON, LOST;

    public boolean isFinal() {
        return this == WON || this == LOST;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DisputeStatus> fromWireName(String raw) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(raw)).findFirst();
    }
}
