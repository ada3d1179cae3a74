package dev.payrail.server.risk;

import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;

/**
 * Where a reader of an append-only log by id is: every id up to {@link #through()} was taken or given up, and the ids
 * taken above it (a gap below them). Ids are handed out before their rows commit, so a row may become visible after a
 * higher one was read: a gap is read again until it fills, and given up (an id never used: a batch that rolled back)
 * once the row above it was logged {@code patience} ago by the database's clock, so a row logged that long ago with a
 * lower id would have been handed its id earlier still. Each id is taken once.
 */
final class LogCursor {
    private final Duration patience;
    private long through;
    /** Ids taken above {@link #through}, with when the database logged each. */
    private final TreeMap<Long, Instant> taken = new TreeMap<>();

    LogCursor(long through, Duration patience) {
        this.through = through;
        this.patience = patience;
    }

    /** Every id up to this one was taken or given up: the next read starts after it. */
    long through() {
        return through;
    }

    /** True the first time {@code id} (logged at {@code loggedAt}) is offered: apply its row then, and never again. */
    boolean take(long id, Instant loggedAt) {
        return id > through && taken.putIfAbsent(id, loggedAt) == null;
    }

    /**
     * Moves {@link #through()} over the ids taken without a gap, and over a gap whose next row was logged at least the
     * patience before {@code databaseNow}.
     */
    void advance(Instant databaseNow) {
        while (!taken.isEmpty()) {
            Long next = taken.firstKey();
            if (next == through + 1 || !taken.get(next).plus(patience).isAfter(databaseNow)) {
                taken.remove(next);
                through = next;
            } else {
                return;              // a gap below a recent row: it may still be committing
            }
        }
    }

    /** Ids taken above a gap, waiting for it. */
    int waiting() {
        return taken.size();
    }
}
