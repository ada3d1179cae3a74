package dev.payrail.core.cards;

/**
 * What the card networks' account updater says of one stored card: reissued with a new number and expiry, or only a
 * new expiry ({@code newNumber} null). {@code paymentMethodId} names the card as the inquiry named it.
 */
public record CardUpdate(String paymentMethodId, CardNumber newNumber, int expMonth, int expYear) {

    public boolean numberChanged() {
        return newNumber != null;
    }

    @Override
    public String toString() {
        return paymentMethodId + (newNumber == null ? " new expiry " : " reissued as " + newNumber + " exp ") + expMonth + "/" + expYear;
    }
}
