package dev.payrail.core.providers;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where one request to a provider stands. Only {@link OperationTransitions} moves it. An open operation
 * ({@link #open()}) may still move money; a closed one never changes again, so a late or repeated answer
 * about it is ignored.
 */
public enum OperationStatus {
    /** Sent, or about to be: the answer is not recorded yet (or the process died waiting for it). */
    IN_FLIGHT,
    /** The call ended without an answer that says what happened: the resolver asks the provider. */
    UNKNOWN,
    /** The provider waits for the customer (3-D Secure, a bank redirect) before it decides. */
    REQUIRES_ACTION,
    /** The provider accepted it and will decide by itself (a bank redirect being settled): its webhook tells. */
    PENDING,
    SUCCEEDED,
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OperationStatus> fromWireName(String wire) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(wire)).findFirst();
    }

    /** Still able to change: a provider's answer about it is applied. */
    public boolean open() {
        return this == IN_FLIGHT || this == UNKNOWN || this == REQUIRES_ACTION || this == PENDING;
    }
}
