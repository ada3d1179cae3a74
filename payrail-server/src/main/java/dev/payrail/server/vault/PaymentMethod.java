package dev.payrail.server.vault;

import java.time.Instant;

/**
 * A tokenized card as the rest of Payrail may know it: brand, last four digits, expiry, issuing country and
 * a fingerprint (the same card gives the same fingerprint for one merchant). Never the number.
 */
public record PaymentMethod(String id, String merchantId, String brand, String last4, int expMonth, int expYear,
                            String country, String fingerprint, Instant created) {
}
