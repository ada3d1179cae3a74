package dev.payrail.server.payments;

import dev.payrail.core.payments.PaymentStatus;

import java.time.Instant;
import java.util.Optional;

/** Filters and cursor of GET /v1/payments: newest first, {@code after} is the last payment of the previous page. */
record PaymentListQuery(Optional<PaymentStatus> status, Optional<Instant> createdGte, Optional<Instant> createdLte,
                        Optional<Payment> after, int limit) {
}
