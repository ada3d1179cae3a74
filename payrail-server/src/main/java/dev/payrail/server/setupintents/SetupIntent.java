package dev.payrail.server.setupintents;

import dev.payrail.core.customers.SetupIntentStatus;

import java.time.Instant;
import java.util.Map;

/** A setup intent as stored; changed only by its commands, saved with a version check. */
final class SetupIntent {
    final String id;
    final String merchantId;
    final String customerId;
    final String usage;
    final String currency;
    final Map<String, String> metadata;
    final Instant created;
    final long version;

    SetupIntentStatus status;
    String paymentMethodId;
    String requestThreeDSecure = "automatic";
    String returnUrl;
    String provider;
    /** The key of the verification sent last: the provider's idempotency key, and what a return asks about. */
    String operationKey;
    String providerReference;
    String nextActionUrl;
    String networkTransactionId;
    String failureCode;
    String failureMessage;
    String cancellationReason;
    /** What the risk rules read at the last confirmation, and what they decided (docs/risk.md). */
    dev.payrail.core.risk.RiskFacts riskFacts;
    dev.payrail.server.risk.RiskOutcome riskOutcome;

    SetupIntent(String id, String merchantId, String customerId, String usage, String currency, Map<String, String> metadata,
                Instant created, long version, SetupIntentStatus status) {
        this.id = id;
        this.merchantId = merchantId;
        this.customerId = customerId;
        this.usage = usage;
        this.currency = currency;
        this.metadata = metadata;
        this.created = created;
        this.version = version;
        this.status = status;
    }
}
