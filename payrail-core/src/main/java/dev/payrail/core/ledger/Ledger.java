package dev.payrail.core.ledger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A journal in memory: entries in order and the balances they imply. The server keeps its journal in
 * PostgreSQL; this one serves the domain's property tests and anything that replays entries.
 */
public final class Ledger {
    private final List<JournalEntry> entries = new ArrayList<>();
    private final Map<Account, Long> debitMinusCredit = new HashMap<>();

    public void post(JournalEntry entry) {
        entries.add(entry);
        for (JournalLine line : entry.lines()) {
            debitMinusCredit.merge(line.account(), line.signedAmount(), Math::addExact);
        }
    }

    /** The balance on the account's normal side: positive when it holds what it should. */
    public long balance(Account account) {
        long raw = debitMinusCredit.getOrDefault(account, 0L);
        return account.type().normalSide() == Side.DEBIT ? raw : -raw;
    }

    /** The sum over all accounts of debits minus credits: zero for any journal of balanced entries. */
    public long trialBalance() {
        return debitMinusCredit.values().stream().mapToLong(Long::longValue).reduce(0L, Math::addExact);
    }

    public List<JournalEntry> entries() {
        return Collections.unmodifiableList(entries);
    }
}
