package dev.payrail.core.reconciliation;

import dev.payrail.core.money.CurrencyCode;

import java.time.Instant;

/**
 * One row of a provider's settlement report, read into Payrail's terms. {@code gross}, {@code fee} and
 * {@code net} are minor units, signed from the merchant's side (a refund's gross is negative; a fee is
 * positive when taken). {@code providerReference} names the settled object at the provider (the payment's
 * PaymentIntent or pspReference for captures, the refund's id, ...); {@code paymentReference} the payment it
 * belongs to; {@code merchantReference} what Payrail sent as reference (its payment or operation id).
 */
public record SettlementRow(long line, String provider, SettlementType type, String rowId, String providerReference,
                            String paymentReference, String merchantReference, CurrencyCode currency, long gross, long fee,
                            long net, Instant bookedAt, String batch) {
}
