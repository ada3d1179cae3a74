package dev.payrail.server.disputes;

import dev.payrail.core.disputes.DisputeStatus;

import java.time.Instant;

/**
 * What a provider's notification says about a dispute: the provider's dispute id, the payment it is about
 * (Payrail's id when the provider echoes it, else the provider's own payment reference), the amount, the
 * status it reports, and when the provider said so.
 */
public record DisputeNotice(String providerDisputeId, String paymentId, String providerPaymentReference, long amount,
                            String currency, DisputeStatus status, String reason, Instant dueBy, Instant providerTime) {
}
