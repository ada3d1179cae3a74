package dev.payrail.core.money;

/** Arithmetic or comparison between amounts of two different currencies. */
public final class CurrencyMismatchException extends IllegalArgumentException {
    public CurrencyMismatchException(CurrencyCode left, CurrencyCode right) {
        super("currency mismatch: " + left + " vs " + right);
    }
}
