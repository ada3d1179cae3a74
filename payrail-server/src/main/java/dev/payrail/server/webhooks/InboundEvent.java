package dev.payrail.server.webhooks;

import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.server.disputes.DisputeNotice;
import dev.payrail.server.disputes.FraudWarningNotice;
import dev.payrail.server.payouts.PayoutNotice;

import java.time.Instant;

/**
 * A provider webhook, verified and reduced to what Payrail needs: its identity for dedupe, the payment it
 * names, and, when it reports the outcome of an operation, that outcome; or, for dispute notifications, what
 * it says about the dispute (or the early fraud warning, or the payout).
 */
record InboundEvent(String providerEventId, String type, String paymentReference, String operationReference,
                    String providerReference, Instant eventTime, String payload, OperationKind kind, ProviderResult result,
                    DisputeNotice dispute, PayoutNotice payout, FraudWarningNotice fraudWarning) {

    InboundEvent(String providerEventId, String type, String paymentReference, String operationReference,
                 String providerReference, Instant eventTime, String payload, OperationKind kind, ProviderResult result,
                 DisputeNotice dispute, PayoutNotice payout) {
        this(providerEventId, type, paymentReference, operationReference, providerReference, eventTime, payload, kind, result,
                dispute, payout, null);
    }

    InboundEvent(String providerEventId, String type, String paymentReference, String operationReference,
                 String providerReference, Instant eventTime, String payload, OperationKind kind, ProviderResult result) {
        this(providerEventId, type, paymentReference, operationReference, providerReference, eventTime, payload, kind, result,
                null, null, null);
    }

    /**
     * Whether the event reports an operation's outcome, a dispute, a payout or an early fraud warning; other types are
     * stored and acknowledged only.
     */
    boolean actionable() {
        return (kind != null && result != null) || dispute != null || payout != null || fraudWarning != null;
    }
}
