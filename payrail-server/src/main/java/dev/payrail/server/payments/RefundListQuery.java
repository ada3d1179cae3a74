package dev.payrail.server.payments;

import dev.payrail.core.payments.RefundStatus;

import java.time.Instant;
import java.util.Optional;

/** Filters and cursor of GET /v1/refunds: newest first, {@code after} is the last refund of the previous page. */
record RefundListQuery(Optional<RefundStatus> status, Optional<String> payment, Optional<Instant> createdGte,
                       Optional<Instant> createdLte, Optional<Refund> after, int limit) {
}
