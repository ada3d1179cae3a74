package dev.payrail.server.payments;

import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.OperationStatus;

import java.time.Instant;

/** One request to a provider; its id is the provider-side Idempotency-Key. */
record ProviderOperation(String id, String paymentId, String refundId, OperationKind kind, Long amount, String reason,
                         String provider, OperationStatus status, int lookups, Instant created, String paymentProviderReference) {

    boolean open() {
        return status.open();
    }
}
