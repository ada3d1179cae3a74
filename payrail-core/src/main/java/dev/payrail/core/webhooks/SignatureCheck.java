package dev.payrail.core.webhooks;

import java.util.Locale;

/** The outcome of checking an inbound webhook's signature; every refusal has its own name for metrics. */
public enum SignatureCheck {
    VALID, UNSIGNED, MALFORMED, STALE, MISMATCH, NOT_CONFIGURED;

    public boolean valid() {
        return this == VALID;
    }

    public String reason() {
        return name().toLowerCase(Locale.ROOT);
    }
}
