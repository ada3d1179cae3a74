package dev.payrail.server.payouts;

import dev.payrail.core.providers.PayoutProgress;

/**
 * A provider's notification about a payout: Payrail's payout id (echoed as the reference), the provider's
 * reference, and how the payout ended (paid, or failed with a code).
 */
public record PayoutNotice(String payoutId, String providerReference, PayoutProgress.Stage stage, String failureCode) {
}
