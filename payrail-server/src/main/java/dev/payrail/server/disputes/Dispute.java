package dev.payrail.server.disputes;

import dev.payrail.core.disputes.DisputeStatus;
import dev.payrail.core.money.Money;

import java.time.Instant;
import java.util.Map;

/** One dispute as stored. */
record Dispute(String id, String merchantId, String paymentId, String provider, String providerDisputeId, Money amount,
               DisputeStatus status, String reason, Map<String, String> evidence, Instant evidenceSubmittedAt,
               Instant dueBy, boolean fundsWithdrawn, Instant providerUpdatedAt, Instant created) {

    boolean pastDue(Instant now) {
        return dueBy != null && now.isAfter(dueBy);
    }
}
