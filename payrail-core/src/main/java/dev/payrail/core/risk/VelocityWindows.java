package dev.payrail.core.risk;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The velocity counters of {@link Velocity#COUNTERS}, in memory: per merchant and key (a card fingerprint, an address,
 * an email, a customer, a BIN, each known only by its hash) the attempts and declines of each minute of the last
 * {@link Velocity#RETENTION}, and the keys of the other kind seen with it (the cards of an address, the addresses of a
 * card). Counting an attempt and reading every counter it is evaluated with is one step under one lock, so
 * simultaneous attempts from one address each see the ones counted before them and a burst cannot slip past a
 * threshold together.
 *
 * <p>Bounded: at most {@code maxKeys} keys (the least recently counted forgotten first: a tester's keys are the hot
 * ones), at most {@code maxDistinct} other keys remembered per key (a distinct count stops growing there, far above
 * any threshold a rule sets), and minutes older than the retention dropped as a key is counted or swept.
 */
public final class VelocityWindows {
    /** A key's hash: 128 bits of an HMAC, nothing readable. */
    public record Hash(long high, long low) {
        public static Hash of(byte[] sixteen) {
            if (sixteen.length != 16) {
                throw new IllegalArgumentException("a velocity hash is 16 bytes, not " + sixteen.length);
            }
            return new Hash(java.nio.ByteBuffer.wrap(sixteen, 0, 8).getLong(), java.nio.ByteBuffer.wrap(sixteen, 8, 8).getLong());
        }

        public byte[] bytes() {
            return java.nio.ByteBuffer.allocate(16).putLong(high).putLong(low).array();
        }
    }

    /**
     * What one step counts: {@code attempts} and {@code declines} in {@code minute} (minutes since the epoch) under
     * each of {@code keys}, and its card and address seen together when it has both. An attempt is (1, 0), its
     * decline (0, 1).
     */
    public record Tally(String merchantId, long minute, Map<Velocity.Kind, Hash> keys, int attempts, int declines) {
        public Tally {
            keys = keys.isEmpty() ? Map.of() : new EnumMap<>(keys);
        }

        Tally negated() {
            return new Tally(merchantId, minute, keys, -attempts, -declines);
        }
    }

    private record Key(String merchantId, Velocity.Kind kind, Hash hash) {
    }

    private static final long RETENTION_MINUTES = Velocity.RETENTION.toMinutes();

    /** One key's minutes, oldest first, and the other keys seen with it and the last minute each was. */
    private static final class Counts {
        long[] minutes = new long[2];
        int[] attempts = new int[2];
        int[] declines = new int[2];
        int size;
        long lastMinute;
        LinkedHashMap<Hash, Long> seenWith;

        void add(long minute, int attempted, int declined) {
            int at = indexOf(minute);
            if (at < 0) {
                at = -at - 1;
                if (size == minutes.length) {
                    int grown = Math.min(Math.max(4, size * 2), (int) RETENTION_MINUTES + 2);
                    minutes = Arrays.copyOf(minutes, Math.max(grown, size + 1));
                    attempts = Arrays.copyOf(attempts, minutes.length);
                    declines = Arrays.copyOf(declines, minutes.length);
                }
                System.arraycopy(minutes, at, minutes, at + 1, size - at);
                System.arraycopy(attempts, at, attempts, at + 1, size - at);
                System.arraycopy(declines, at, declines, at + 1, size - at);
                minutes[at] = minute;
                attempts[at] = 0;
                declines[at] = 0;
                size++;
            }
            attempts[at] = Math.max(0, attempts[at] + attempted);
            declines[at] = Math.max(0, declines[at] + declined);
            lastMinute = Math.max(lastMinute, minute);
        }

        /** Binary search over the minutes (mostly appended at the end): the index, or -(insertion point) - 1. */
        private int indexOf(long minute) {
            if (size > 0 && minutes[size - 1] < minute) {
                return -size - 1;
            }
            return Arrays.binarySearch(minutes, 0, size, minute);
        }

        long sum(long fromMinute, Velocity.Measure measure) {
            long sum = 0;
            for (int i = size - 1; i >= 0 && minutes[i] >= fromMinute; i--) {
                sum += measure == Velocity.Measure.ATTEMPTS ? attempts[i] : declines[i];
            }
            return sum;
        }

        void seen(Hash other, long minute, int maxDistinct) {
            if (seenWith == null) {
                seenWith = new LinkedHashMap<>(4, 0.75f, true);
            }
            Long before = seenWith.get(other);
            seenWith.put(other, before == null ? minute : Math.max(before, minute));
            if (seenWith.size() > maxDistinct) {
                // the one seen longest ago goes (access order: the first), so a count past the cap stays at the cap
                Iterator<Hash> oldest = seenWith.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            lastMinute = Math.max(lastMinute, minute);
        }

        long distinct(long fromMinute) {
            if (seenWith == null) {
                return 0;
            }
            long count = 0;
            for (long minute : seenWith.values()) {
                if (minute >= fromMinute) {
                    count++;
                }
            }
            return count;
        }

        /** Drops what is older than {@code cutoff}; true when nothing is left. */
        boolean forgetBefore(long cutoff) {
            int keep = 0;
            while (keep < size && minutes[keep] < cutoff) {
                keep++;
            }
            if (keep > 0) {
                System.arraycopy(minutes, keep, minutes, 0, size - keep);
                System.arraycopy(attempts, keep, attempts, 0, size - keep);
                System.arraycopy(declines, keep, declines, 0, size - keep);
                size -= keep;
            }
            if (seenWith != null) {
                seenWith.values().removeIf(minute -> minute < cutoff);
            }
            return size == 0 && (seenWith == null || seenWith.isEmpty());
        }
    }

    private final int maxKeys;
    private final int maxDistinct;
    private long forgotten;
    private final LinkedHashMap<Key, Counts> counts;

    public VelocityWindows(int maxKeys, int maxDistinct) {
        if (maxKeys < 1 || maxDistinct < 1) {
            throw new IllegalArgumentException("velocity bounds must be positive");
        }
        this.maxKeys = maxKeys;
        this.maxDistinct = maxDistinct;
        this.counts = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Counts> eldest) {
                boolean over = size() > VelocityWindows.this.maxKeys;
                if (over) {
                    forgotten++;
                }
                return over;
            }
        };
    }

    /** Counts {@code attempt} and reads every counter of its keys as of its minute, the attempt included. */
    public synchronized Map<String, Long> countAndRead(Tally attempt) {
        add(attempt);
        return read(attempt.merchantId(), attempt.keys(), attempt.minute());
    }

    /** Counts {@code tally} (an attempt or a decline here, or another process's, or one read back at a start). */
    public synchronized void add(Tally tally) {
        tally.keys().forEach((kind, hash) -> countsOf(tally.merchantId(), kind, hash, true)
                .add(tally.minute(), tally.attempts(), tally.declines()));
        Hash card = tally.keys().get(Velocity.Kind.CARD);
        Hash ip = tally.keys().get(Velocity.Kind.IP);
        if (card != null && ip != null) {
            countsOf(tally.merchantId(), Velocity.Kind.IP, ip, true).seen(card, tally.minute(), maxDistinct);
            countsOf(tally.merchantId(), Velocity.Kind.CARD, card, true).seen(ip, tally.minute(), maxDistinct);
        }
    }

    /**
     * Takes back {@code tally}'s attempts and declines (its transaction rolled back). Its card and address stay seen
     * together: a distinct count may be one too high for the rest of its window, never too low.
     */
    public synchronized void subtract(Tally tally) {
        Tally negated = tally.negated();
        negated.keys().forEach((kind, hash) -> {
            Counts known = counts.get(new Key(negated.merchantId(), kind, hash));
            if (known != null) {
                known.add(negated.minute(), negated.attempts(), negated.declines());
            }
        });
    }

    /**
     * Every counter whose key is among {@code keys}, as of {@code minute}: attribute to value; an attribute whose key
     * is absent is left out (missing, for the rules). A minute counts while any of it is inside the window.
     */
    public synchronized Map<String, Long> read(String merchantId, Map<Velocity.Kind, Hash> keys, long minute) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (Velocity.Counter counter : Velocity.COUNTERS) {
            Hash hash = keys.get(counter.kind());
            if (hash == null) {
                continue;
            }
            long from = minute - counter.window().toMinutes();
            Counts known = countsOf(merchantId, counter.kind(), hash, false);
            values.put(counter.attribute(), known == null ? 0
                    : counter.measure() == Velocity.Measure.DISTINCT ? known.distinct(from) : known.sum(from, counter.measure()));
        }
        return values;
    }

    /** Forgets the minutes before {@code minute}, and every key left with nothing: what no window reaches any more. */
    public synchronized int forgetBefore(long minute) {
        int before = counts.size();
        counts.values().removeIf(known -> known.lastMinute < minute || known.forgetBefore(minute));
        return before - counts.size();
    }

    /** How many keys are held now. */
    public synchronized int keys() {
        return counts.size();
    }

    /** How many keys were forgotten to stay within {@code maxKeys}, since this was made. */
    public synchronized long forgottenForRoom() {
        return forgotten;
    }

    private Counts countsOf(String merchantId, Velocity.Kind kind, Hash hash, boolean create) {
        Key key = new Key(merchantId, kind, hash);
        Counts known = counts.get(key);
        if (known == null && create) {
            known = new Counts();
            counts.put(key, known);
        }
        return known;
    }
}
