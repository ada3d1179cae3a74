package dev.payrail.server.vault;

import java.time.Instant;

/**
 * A tokenized card as the rest of Payrail may know it: brand, last four digits, expiry, issuing country and
 * a fingerprint (the same card gives the same fingerprint for one merchant). Never the number. Saved to a customer
 * ({@code customerId}, for {@code savedFor} on_session or off_session, with the network transaction id of the payment
 * that saved it), or to nobody; {@code detached} once its vault record was destroyed (it can never pay again).
 */
public record PaymentMethod(String id, String merchantId, String brand, String last4, int expMonth, int expYear,
                            String country, String fingerprint, Instant created, String customerId, String savedFor,
                            String networkTransactionId, Instant attached, boolean detached) {

    /** A card just tokenized: saved to nobody yet. */
    PaymentMethod(String id, String merchantId, String brand, String last4, int expMonth, int expYear, String country,
                  String fingerprint, Instant created) {
        this(id, merchantId, brand, last4, expMonth, expYear, country, fingerprint, created, null, null, null, null, false);
    }
}
