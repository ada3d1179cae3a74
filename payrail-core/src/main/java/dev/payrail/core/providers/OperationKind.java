package dev.payrail.core.providers;

import java.util.Locale;

/** The kinds of request Payrail sends to a provider. */
public enum OperationKind {
    AUTHORIZE, CAPTURE, CANCEL, REFUND, PAYOUT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OperationKind fromWireName(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
