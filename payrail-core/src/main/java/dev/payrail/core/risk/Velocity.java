package dev.payrail.core.risk;

import java.time.Duration;
import java.util.List;

/**
 * The velocity attributes and how each is counted: per key of one kind (a card fingerprint, an IP address, an email,
 * a customer, a BIN) over a sliding window, its attempts, its declines, or the distinct keys of another kind seen
 * with it (distinct cards per IP address). The longest window bounds what a store must keep.
 */
public final class Velocity {
    public enum Measure { ATTEMPTS, DECLINES, DISTINCT }

    /** The kinds of key an attempt is counted under. */
    public enum Kind { CARD, IP, EMAIL, CUSTOMER, BIN }

    /** {@code attribute} counts {@code measure} of {@code kind} over {@code window}; {@code other} for DISTINCT. */
    public record Counter(String attribute, Kind kind, Measure measure, Kind other, Duration window) {
    }

    public static final List<Counter> COUNTERS = List.of(
            new Counter("card_attempts_1h", Kind.CARD, Measure.ATTEMPTS, null, Duration.ofHours(1)),
            new Counter("card_declines_24h", Kind.CARD, Measure.DECLINES, null, Duration.ofHours(24)),
            new Counter("card_distinct_ips_24h", Kind.CARD, Measure.DISTINCT, Kind.IP, Duration.ofHours(24)),
            new Counter("ip_attempts_1h", Kind.IP, Measure.ATTEMPTS, null, Duration.ofHours(1)),
            new Counter("ip_distinct_cards_1h", Kind.IP, Measure.DISTINCT, Kind.CARD, Duration.ofHours(1)),
            new Counter("ip_declines_1h", Kind.IP, Measure.DECLINES, null, Duration.ofHours(1)),
            new Counter("email_attempts_24h", Kind.EMAIL, Measure.ATTEMPTS, null, Duration.ofHours(24)),
            new Counter("customer_attempts_24h", Kind.CUSTOMER, Measure.ATTEMPTS, null, Duration.ofHours(24)),
            new Counter("bin_declines_1h", Kind.BIN, Measure.DECLINES, null, Duration.ofHours(1)));

    /** What a store must keep: the longest window, and a bucket's width beyond it. */
    public static final Duration RETENTION = Duration.ofHours(25);

    private Velocity() {
    }
}
