package dev.payrail.core.ledger;

import dev.payrail.core.money.CurrencyCode;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A balanced set of lines recording one movement of money. Construction refuses an entry with fewer than
 * two lines or whose debits and credits differ in any currency; the database checks the same again.
 */
public record JournalEntry(PostingEvent event, List<JournalLine> lines) {
    public JournalEntry {
        lines = List.copyOf(lines);
        if (lines.size() < 2) {
            throw new UnbalancedEntryException(event + ": an entry needs at least two lines, got " + lines.size());
        }
        Map<String, Long> net = new TreeMap<>();
        for (JournalLine line : lines) {
            net.merge(line.account().currency().code(), line.signedAmount(), Math::addExact);
        }
        net.forEach((currency, difference) -> {
            if (difference != 0) {
                throw new UnbalancedEntryException(event + ": debits and credits differ by " + difference + " in " + currency);
            }
        });
    }

    public CurrencyCode currency() {
        return lines.get(0).account().currency();
    }
}
