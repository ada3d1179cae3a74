package dev.payrail.core.ledger;

/** An entry whose debits and credits differ in some currency: it must never be written. */
public final class UnbalancedEntryException extends IllegalArgumentException {
    public UnbalancedEntryException(String message) {
        super(message);
    }
}
