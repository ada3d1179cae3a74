package dev.payrail.server.database;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Reads that need not be fresh per request (API keys, routing rules and switches, fee schedules), kept for at
 * most {@link #BOUND} after they were read. That bound is the whole contract, on every process: a change made
 * anywhere (a key revoked, a provider switched off) is seen everywhere within it, with no message between
 * processes to lose. A change made through this process also forgets at once ({@link #forget}), so the
 * process that made it never serves the old value. Only found values are kept: what was absent is asked
 * again, so a key just created works at once.
 */
public final class RecentReads<K, V> {
    /** How stale a kept read may be. */
    public static final Duration BOUND = Duration.ofSeconds(1);

    private record Kept<V>(V value, long readAtNanos) {
    }

    private final Map<K, Kept<V>> kept = new ConcurrentHashMap<>();
    private final long boundNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;

    public RecentReads(int maxEntries) {
        this(BOUND, maxEntries, System::nanoTime);
    }

    RecentReads(Duration bound, int maxEntries, LongSupplier nanoClock) {
        this.boundNanos = bound.toNanos();
        this.maxEntries = maxEntries;
        this.nanoClock = nanoClock;
    }

    /** The value for {@code key}, read through {@code load} unless one read within the bound is kept. */
    public Optional<V> get(K key, Function<K, Optional<V>> load) {
        long now = nanoClock.getAsLong();
        Kept<V> entry = kept.get(key);
        if (entry != null && now - entry.readAtNanos() < boundNanos) {
            return Optional.of(entry.value());
        }
        Optional<V> read = load.apply(key);
        if (read.isPresent()) {
            if (kept.size() >= maxEntries) {
                kept.clear();           // a crude bound on memory: the next reads refill what is in use
            }
            kept.put(key, new Kept<>(read.get(), now));
        } else {
            kept.remove(key);
        }
        return read;
    }

    public void forget(K key) {
        kept.remove(key);
    }

    public void forgetAll() {
        kept.clear();
    }

    /**
     * Forgets everything now and again once the current transaction commits, so that a read racing the change
     * cannot keep the old value after the change is visible.
     */
    public void forgetAllOnCommit() {
        kept.clear();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    kept.clear();
                }
            });
        }
    }
}
