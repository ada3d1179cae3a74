package dev.payrail.core.ledger;

/** One line of an entry: an amount in minor units of the account's currency, on one side. Never negative. */
public record JournalLine(Account account, Side side, long amount) {
    public JournalLine {
        if (amount < 0) {
            throw new IllegalArgumentException("a journal line is never negative; book the other side instead: " + amount);
        }
    }

    /** The line's effect on the account's balance as debits minus credits. */
    public long signedAmount() {
        return side == Side.DEBIT ? amount : -amount;
    }
}
