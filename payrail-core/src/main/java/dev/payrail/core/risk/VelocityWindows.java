package dev.payrail.core.risk;

import java.util.EnumMap;
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

    /** A key held: its merchant, kind and hash (inline: a key costs one object, not two). */
    private record Key(String merchantId, Velocity.Kind kind, long high, long low) {
    }

    /**
     * One key's minutes, oldest first, as triples in one array (minute since the epoch, attempts, declines), and the
     * other keys seen with it as triples (hash high, hash low, last minute seen): about 130 bytes for a key counted in
     * one minute, the common case (most cards and emails are seen once).
     */
    private static final class Counts {
        private static final int[] NONE = new int[0];
        int[] minutes = NONE;
        int size;
        int lastMinute;
        long[] seenWith;
        int seen;

        void add(long at, int attempted, int declined) {
            int minute = (int) at;
            int index = indexOf(minute);
            if (index < 0) {
                index = -index - 1;
                if (3 * (size + 1) > minutes.length) {
                    minutes = java.util.Arrays.copyOf(minutes, 3 * Math.max(size + 1, Math.min(2 * size, size + 64)));
                }
                System.arraycopy(minutes, 3 * index, minutes, 3 * index + 3, 3 * (size - index));
                minutes[3 * index] = minute;
                minutes[3 * index + 1] = 0;
                minutes[3 * index + 2] = 0;
                size++;
            }
            minutes[3 * index + 1] = Math.max(0, minutes[3 * index + 1] + attempted);
            minutes[3 * index + 2] = Math.max(0, minutes[3 * index + 2] + declined);
            lastMinute = Math.max(lastMinute, minute);
        }

        /** The minute's index, or -(insertion point) - 1; minutes mostly arrive in order, at the end. */
        private int indexOf(int minute) {
            if (size == 0 || minutes[3 * (size - 1)] < minute) {
                return -size - 1;
            }
            int low = 0;
            int high = size - 1;
            while (low <= high) {
                int middle = (low + high) >>> 1;
                int at = minutes[3 * middle];
                if (at < minute) {
                    low = middle + 1;
                } else if (at > minute) {
                    high = middle - 1;
                } else {
                    return middle;
                }
            }
            return -low - 1;
        }

        long sum(long fromMinute, Velocity.Measure measure) {
            int offset = measure == Velocity.Measure.ATTEMPTS ? 1 : 2;
            long sum = 0;
            for (int i = size - 1; i >= 0 && minutes[3 * i] >= fromMinute; i--) {
                sum += minutes[3 * i + offset];
            }
            return sum;
        }

        void seen(Hash other, long minute, int maxDistinct) {
            if (seenWith == null) {
                seenWith = new long[3];
            }
            for (int i = 0; i < seen; i++) {
                if (seenWith[3 * i] == other.high() && seenWith[3 * i + 1] == other.low()) {
                    seenWith[3 * i + 2] = Math.max(seenWith[3 * i + 2], minute);
                    lastMinute = Math.max(lastMinute, (int) minute);
                    return;
                }
            }
            if (seen == maxDistinct) {
                // the one seen longest ago makes room, so a count past the cap stays at the cap
                int oldest = 0;
                for (int i = 1; i < seen; i++) {
                    if (seenWith[3 * i + 2] < seenWith[3 * oldest + 2]) {
                        oldest = i;
                    }
                }
                seenWith[3 * oldest] = other.high();
                seenWith[3 * oldest + 1] = other.low();
                seenWith[3 * oldest + 2] = minute;
            } else {
                if (3 * (seen + 1) > seenWith.length) {
                    seenWith = java.util.Arrays.copyOf(seenWith, 3 * Math.min(maxDistinct, Math.max(seen + 1, 2 * seen)));
                }
                seenWith[3 * seen] = other.high();
                seenWith[3 * seen + 1] = other.low();
                seenWith[3 * seen + 2] = minute;
                seen++;
            }
            lastMinute = Math.max(lastMinute, (int) minute);
        }

        long distinct(long fromMinute) {
            long count = 0;
            for (int i = 0; i < seen; i++) {
                if (seenWith[3 * i + 2] >= fromMinute) {
                    count++;
                }
            }
            return count;
        }

        /** Drops what is older than {@code cutoff}; true when nothing is left. */
        boolean forgetBefore(long cutoff) {
            int drop = 0;
            while (drop < size && minutes[3 * drop] < cutoff) {
                drop++;
            }
            if (drop > 0) {
                System.arraycopy(minutes, 3 * drop, minutes, 0, 3 * (size - drop));
                size -= drop;
            }
            int kept = 0;
            for (int i = 0; i < seen; i++) {
                if (seenWith[3 * i + 2] >= cutoff) {
                    System.arraycopy(seenWith, 3 * i, seenWith, 3 * kept, 3);
                    kept++;
                }
            }
            seen = kept;
            return size == 0 && seen == 0;
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
            Counts known = counts.get(new Key(negated.merchantId(), kind, hash.high(), hash.low()));
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
        Key key = new Key(merchantId, kind, hash.high(), hash.low());
        Counts known = counts.get(key);
        if (known == null && create) {
            known = new Counts();
            counts.put(key, known);
        }
        return known;
    }
}
