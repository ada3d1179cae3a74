package dev.payrail.server.risk;

import dev.payrail.core.risk.Velocity;
import dev.payrail.core.risk.VelocityWindows;
import dev.payrail.server.security.AtRestKeys;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The velocity counters behind the risk attributes ({@link Velocity#COUNTERS}), counted in this process's memory
 * ({@link VelocityWindows}) with PostgreSQL as their log (decision 0013): an attempt is counted and every counter read
 * without leaving the process; what this process counted is appended to the log when its transaction commits
 * (batched, every {@code payrail.risk.velocity-flush}, 100 ms), and taken back if it rolls back; what every other
 * process over the same database counted is read from the log every {@code payrail.risk.velocity-feed} (200 ms); a
 * starting process reads the last 25 hours of it before it serves. Keys are HMACs, in memory and in the log.
 *
 * <p>So another process's attempts count here within about 0.3 s, not at once; a crash loses what this process
 * counted in its last 100 ms; memory holds at most {@code payrail.risk.velocity-max-keys} keys.
 */
@Component
public class RiskVelocity {
    private static final Logger log = LoggerFactory.getLogger(RiskVelocity.class);
    private static final int FEED_BATCH = 10_000;
    private static final Duration GAP_PATIENCE = Duration.ofSeconds(5);

    private final VelocityLog velocityLog;
    private final byte[] key;
    private final VelocityWindows windows;
    private final int maxPending;
    /** This process in the log: its own rows are counted already, when they were counted. */
    private final String processId = UUID.randomUUID().toString();
    private final ConcurrentLinkedQueue<VelocityWindows.Tally> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Instant followedAt = Instant.now();
    private LogCursor cursor;

    RiskVelocity(VelocityLog velocityLog, AtRestKeys keys, MeterRegistry meters,
                 @Value("${payrail.risk.velocity-max-keys:500000}") int maxKeys,
                 @Value("${payrail.risk.velocity-max-distinct:100}") int maxDistinct,
                 @Value("${payrail.risk.velocity-max-pending:100000}") int maxPending) {
        this.velocityLog = velocityLog;
        this.key = keys.keyFor("risk-velocity");
        this.windows = new VelocityWindows(maxKeys, maxDistinct);
        this.maxPending = maxPending;
        Gauge.builder("payrail.risk.velocity.keys", windows, VelocityWindows::keys)
                .description("velocity keys held in this process's memory").register(meters);
        Gauge.builder("payrail.risk.velocity.pending", pendingCount, AtomicInteger::get)
                .description("counted attempts and declines not yet appended to the velocity log").register(meters);
        Gauge.builder("payrail.risk.velocity.feed.age", this, v -> Duration.between(v.followedAt, Instant.now()).toMillis() / 1000.0)
                .baseUnit("seconds").description("time since the velocity log was last read: other processes' counts are this late")
                .register(meters);
        FunctionCounter.builder("payrail.risk.velocity.forgotten", windows, VelocityWindows::forgottenForRoom)
                .description("velocity keys forgotten to stay within payrail.risk.velocity-max-keys").register(meters);
        FunctionCounter.builder("payrail.risk.velocity.dropped", dropped, AtomicLong::get)
                .description("counts not logged: the log was unreachable and the backlog full").register(meters);
    }

    /** Reads the log's last 25 hours (what every window reaches) before this process takes its first payment. */
    @PostConstruct
    void catchUp() {
        cursor = new LogCursor(velocityLog.startingPoint(Instant.now().minus(Velocity.RETENTION)), GAP_PATIENCE);
        long started = System.nanoTime();
        int read = 0;
        int batch;
        do {
            batch = follow();
            read += batch;
        } while (batch == FEED_BATCH);
        log.info("velocity counters read back: {} log rows, {} keys, in {} ms", read, windows.keys(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Counts an attempt at {@code at} and reads every counter as of then, the attempt included, in one step: attempts
     * from one address at the same moment each see the ones counted before them. Logged if the caller's transaction
     * commits, taken back if it rolls back.
     */
    public Map<String, Long> countAndRead(String merchantId, VelocityKeys keys, Instant at) {
        VelocityWindows.Tally attempt = tally(merchantId, keys, at, 1, 0);
        Map<String, Long> values = windows.countAndRead(attempt);
        whenCommitted(attempt);
        return values;
    }

    /** The issuer declined that attempt: a decline under each of its keys, in the minute of {@code at}. */
    public void declined(String merchantId, VelocityKeys keys, Instant at) {
        VelocityWindows.Tally decline = tally(merchantId, keys, at, 0, 1);
        if (decline.keys().isEmpty()) {
            return;
        }
        windows.add(decline);
        whenCommitted(decline);
    }

    /** Every velocity attribute of an attempt with {@code keys} as of {@code now}; absent keys left out. */
    public Map<String, Long> read(String merchantId, VelocityKeys keys, Instant now) {
        return windows.read(merchantId, hashes(merchantId, keys), now.getEpochSecond() / 60);
    }

    private void whenCommitted(VelocityWindows.Tally tally) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            enqueue(tally);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    enqueue(tally);
                } else {
                    windows.subtract(tally);     // a confirm that rolled back counts nothing
                }
            }
        });
    }

    private void enqueue(VelocityWindows.Tally tally) {
        if (pendingCount.incrementAndGet() > maxPending) {
            pendingCount.decrementAndGet();
            dropped.incrementAndGet();           // counted here, not logged: other processes will not see it
            return;
        }
        pending.add(tally);
    }

    /**
     * Appends what this process counted since the last flush; kept for the next one if the database refuses. One flush
     * at a time: a caller returns once what was pending when it called is written (or kept).
     */
    @Scheduled(fixedDelayString = "${payrail.risk.velocity-flush:PT0.1S}")
    @PreDestroy
    public synchronized void flush() {
        List<VelocityWindows.Tally> batch = new ArrayList<>();
        for (VelocityWindows.Tally tally; (tally = pending.poll()) != null; ) {
            batch.add(tally);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            velocityLog.append(processId, batch);
            pendingCount.addAndGet(-batch.size());
        } catch (RuntimeException unreachable) {
            pending.addAll(batch);
            log.warn("velocity log not written ({} counts kept for the next try): {}", batch.size(), unreachable.toString());
        }
    }

    /** Counts what other processes logged since the last read; returns how many rows were read. */
    @Scheduled(fixedDelayString = "${payrail.risk.velocity-feed:PT0.2S}")
    public synchronized int followOthers() {
        return follow();
    }

    private synchronized int follow() {
        VelocityLog.Read read = velocityLog.after(cursor.through(), FEED_BATCH);
        for (VelocityLog.Row row : read.rows()) {
            if (cursor.take(row.id(), row.loggedAt()) && !row.processId().equals(processId)) {
                windows.add(row.tally());
            }
        }
        long before = cursor.through();
        if (!read.rows().isEmpty()) {
            cursor.advance(read.databaseNow());
        }
        followedAt = Instant.now();
        // a full batch that moved nothing is rows above a gap being waited for: read again at the next feed, not now
        return cursor.through() == before && read.rows().size() == FEED_BATCH ? 0 : read.rows().size();
    }

    /** Forgets what no window reaches any more, in memory and in the log: at most a day of keys is held. */
    @Scheduled(fixedDelayString = "${payrail.risk.velocity-purge-interval:PT10M}")
    public void purge() {
        purgeBefore(Instant.now().minus(Velocity.RETENTION));
    }

    int purgeBefore(Instant before) {
        windows.forgetBefore(before.getEpochSecond() / 60);
        return velocityLog.purgeBefore(before);
    }

    private VelocityWindows.Tally tally(String merchantId, VelocityKeys keys, Instant at, int attempts, int declines) {
        return new VelocityWindows.Tally(merchantId, at.getEpochSecond() / 60, hashes(merchantId, keys), attempts, declines);
    }

    private Map<Velocity.Kind, VelocityWindows.Hash> hashes(String merchantId, VelocityKeys keys) {
        Map<Velocity.Kind, VelocityWindows.Hash> hashes = new EnumMap<>(Velocity.Kind.class);
        keys.present().forEach((kind, value) -> hashes.put(kind, VelocityWindows.Hash.of(hash(merchantId, kind, value))));
        return hashes;
    }

    /** HMAC-SHA256 of merchant, kind and value, 16 bytes: the same key for the same value, nothing readable. */
    private byte[] hash(String merchantId, Velocity.Kind kind, String value) {
        byte[] digest = macs.get().doFinal((merchantId + "\u0000" + name(kind) + "\u0000" + value).getBytes(StandardCharsets.UTF_8));
        return java.util.Arrays.copyOf(digest, 16);
    }

    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    /** One initialized MAC per thread: getting and keying one costs more than the hashes of an attempt. */
    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private static String name(Velocity.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
