package dev.payrail.core.providers;

/**
 * How an authorization uses a card that is (or is being) stored, as the card networks' stored-credential rules
 * (Visa's Stored Credential Framework, Mastercard's equivalent) define it. Every adapter sends it in its provider's own
 * fields; the provider passes it to the network, and the issuer decides with it.
 *
 * <ul>
 *   <li>{@link Use#ONE_OFF}: the customer pays once, nothing is kept.</li>
 *   <li>{@link Use#FIRST_ON_SESSION} / {@link Use#FIRST_OFF_SESSION}: a customer-initiated payment (CIT) that stores
 *       the card, with the customer's consent, for their own later payments or for the merchant's: the first of a
 *       series. It is authenticated as any CIT; the network's answer carries the transaction id later payments cite.</li>
 *   <li>{@link Use#ON_SESSION}: the customer is present and pays with the card they saved (a later CIT).</li>
 *   <li>{@link Use#UNSCHEDULED} / {@link Use#RECURRING}: a merchant-initiated payment (MIT), the customer absent. It
 *       cites {@code networkTransactionId}, the first payment's, and is out of scope of Strong Customer Authentication
 *       for that reason; an issuer may still ask for authentication, and the payment then waits for the customer.</li>
 * </ul>
 */
public record StoredCredential(Use use, String networkTransactionId) {
    public static final StoredCredential NONE = new StoredCredential(Use.ONE_OFF, null);

    public enum Use {
        ONE_OFF, FIRST_ON_SESSION, FIRST_OFF_SESSION, ON_SESSION, UNSCHEDULED, RECURRING;

        /** The merchant starts it with the customer absent. */
        public boolean merchantInitiated() {
            return this == UNSCHEDULED || this == RECURRING;
        }

        /** It stores the card: the first of a series. */
        public boolean first() {
            return this == FIRST_ON_SESSION || this == FIRST_OFF_SESSION;
        }
    }

    public StoredCredential {
        if (use == null) {
            throw new IllegalArgumentException("a stored credential has a use");
        }
        if (use.merchantInitiated() && (networkTransactionId == null || networkTransactionId.isBlank())) {
            throw new IllegalArgumentException("a merchant-initiated payment cites the first payment's network transaction id");
        }
    }

    public boolean merchantInitiated() {
        return use.merchantInitiated();
    }
}
