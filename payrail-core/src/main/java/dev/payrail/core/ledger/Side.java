package dev.payrail.core.ledger;

/** The side of a journal line. */
public enum Side {
    DEBIT, CREDIT;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
