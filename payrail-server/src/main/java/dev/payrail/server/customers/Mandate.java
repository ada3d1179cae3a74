package dev.payrail.server.customers;

import java.time.Instant;

/**
 * A payer's authorization for the merchant to debit their bank account: the reference their bank knows it by, and how
 * and when it was accepted (online: from which address and browser). Inactive once revoked.
 */
public record Mandate(String id, String merchantId, String customerId, String paymentMethodId, String status,
                      String reference, String acceptanceType, Instant acceptedAt, String ipAddress, String userAgent,
                      Instant created, Instant revoked) {

    public boolean active() {
        return "active".equals(status);
    }
}
