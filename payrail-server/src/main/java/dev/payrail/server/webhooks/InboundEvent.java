package dev.payrail.server.webhooks;

import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.ProviderResult;

import java.time.Instant;

/**
 * A provider webhook, verified and reduced to what Payrail needs: its identity for dedupe, the payment it
 * names, and, when it reports the outcome of an operation, that outcome.
 */
record InboundEvent(String providerEventId, String type, String paymentReference, String operationReference,
                    String providerReference, Instant eventTime, String payload, OperationKind kind, ProviderResult result) {

    /** Whether the event reports an operation's outcome; other types are stored and acknowledged only. */
    boolean actionable() {
        return kind != null && result != null;
    }
}
