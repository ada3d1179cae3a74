package dev.payrail.server.vault;

import java.time.Instant;

/**
 * A tokenized card or bank account as the rest of Payrail may know it. A card ({@code type} card): brand, last four
 * digits, expiry, issuing country. A bank account (sepa_debit): the IBAN's country and last four characters, no brand
 * or expiry. A card keeps its BIN (first six digits, as PCI DSS allows with the last four; null for a card tokenized
 * before issue 21 and for an account). Either has a fingerprint (the same number gives the same fingerprint for one merchant), never the number.
 * Saved to a customer ({@code customerId}, for {@code savedFor} on_session or off_session, with the network transaction
 * id of the payment that saved a card), or to nobody; {@code detached} once its vault record was destroyed.
 */
public record PaymentMethod(String id, String merchantId, String brand, String last4, int expMonth, int expYear,
                            String country, String fingerprint, Instant created, String customerId, String savedFor,
                            String networkTransactionId, Instant attached, boolean detached, String type, String bin) {

    public static final String CARD = "card";
    public static final String SEPA_DEBIT = "sepa_debit";

    /** A card just tokenized: saved to nobody yet. */
    PaymentMethod(String id, String merchantId, String brand, String last4, int expMonth, int expYear, String country,
                  String fingerprint, Instant created, String bin) {
        this(id, merchantId, brand, last4, expMonth, expYear, country, fingerprint, created, null, null, null, null, false, CARD, bin);
    }

    public boolean isBankAccount() {
        return SEPA_DEBIT.equals(type);
    }
}
