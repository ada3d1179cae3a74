package dev.payrail.server.payments;

import dev.payrail.core.money.Money;
import dev.payrail.core.payments.RefundStatus;

import java.time.Instant;

/** A refund of part or all of a captured payment. */
record Refund(String id, String merchantId, String paymentId, Money amount, RefundStatus status, String reason,
              String providerReference, String failureCode, boolean outcomeUnknown, Instant created) {
}
