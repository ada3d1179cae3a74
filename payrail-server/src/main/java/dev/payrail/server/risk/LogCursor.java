package dev.payrail.server.risk;

import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;

/**
 * Where a reader of an append-only log by id is: every id up to {@link #through()} was taken or given up, and the ids
 * taken above it (a gap below them). Ids are handed out before their rows commit, so a row may become visible after a
 * higher one was read: a gap is waited for (read again from below it) for {@code patience}, then given up as an id
 * never used (a batch that rolled back). Each id is taken once.
 */
final class LogCursor {
    private final Duration patience;
    private long through;
    private final TreeSet<Long> taken = new TreeSet<>();
    private Instant gapSeenAt;

    LogCursor(long through, Duration patience) {
        this.through = through;
        this.patience = patience;
    }

    /** Every id up to this one was taken or given up: the next read starts after it. */
    long through() {
        return through;
    }

    /** True the first time {@code id} is offered: apply its row then, and never again. */
    boolean take(long id) {
        return id > through && taken.add(id);
    }

    /** Moves {@link #through()} over the ids taken without a gap, and over a gap older than the patience. */
    void advance(Instant now) {
        while (true) {
            while (taken.remove(through + 1)) {
                through++;
            }
            if (taken.isEmpty()) {
                gapSeenAt = null;
                return;
            }
            if (gapSeenAt == null) {
                gapSeenAt = now;
            }
            if (gapSeenAt.plus(patience).isAfter(now)) {
                return;
            }
            through = taken.first() - 1;     // waited long enough: the ids below the next taken one were never used
            gapSeenAt = null;
        }
    }

    /** Ids taken above a gap, waiting for it. */
    int waiting() {
        return taken.size();
    }
}
