package dev.payrail.core.reconciliation;

import dev.payrail.core.money.CurrencyCode;

import java.time.Instant;

/**
 * Something Payrail recorded that a settlement report should settle: a capture, a refund, a dispute's
 * withdrawal or reversal, a payout. {@code amount} is positive minor units; {@code settles} says whether
 * Payrail's own state expects a settlement (a voided payment or a failed refund does not).
 */
public record RecordedItem(String id, SettlementType type, String providerReference, String merchantReference,
                           CurrencyCode currency, long amount, Instant recordedAt, boolean settles, String status) {
}
