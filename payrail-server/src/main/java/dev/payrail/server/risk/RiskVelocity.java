package dev.payrail.server.risk;

import dev.payrail.core.risk.Velocity;
import dev.payrail.server.security.AtRestKeys;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The velocity counters behind the risk attributes ({@link Velocity#COUNTERS}), in PostgreSQL: every process counts
 * into and reads from the same rows, and a restart loses nothing. Counted per merchant and minute; read over sliding
 * windows (an attempt counted and every counter read in one statement); keys kept as HMACs; rows past {@link Velocity#RETENTION} purged. Nothing is held in memory.
 */
@Repository
public class RiskVelocity {
    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate template;
    private final byte[] key;

    RiskVelocity(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate template, AtRestKeys keys) {
        this.jdbc = jdbc;
        this.template = template;
        this.key = keys.keyFor("risk-velocity");
    }

    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    /** The kinds of key an attempt is counted under: those an attempts or distinct counter reads (a BIN counts declines). */
    private static final java.util.Set<Velocity.Kind> COUNTED = Velocity.COUNTERS.stream()
            .filter(c -> c.measure() != Velocity.Measure.DECLINES).map(Velocity.Counter::kind)
            .collect(java.util.stream.Collectors.toCollection(() -> java.util.EnumSet.noneOf(Velocity.Kind.class)));

    /** One authorization attempt at {@code at}: an attempt under each of its keys, and its IP and card seen together. */
    public void attempted(String merchantId, VelocityKeys keys, Instant at) {
        Statement statement = new Statement();
        writes(statement, merchantId, keys, at);
        jdbc.sql(statement.sql + " select 1").params(statement.params).query().singleRow();
    }

    /**
     * Counts an attempt at {@code at} and reads every counter as of then, the attempt included: two statements sent in
     * one round trip. Two, not one: a statement reads the snapshot it started with, and an attempt of the same key that
     * commits while this one waits for the row (the key's minute, locked by the upsert) would not be seen; read by the
     * next statement, which takes its own snapshot after the upsert, it is. So simultaneous attempts from one address
     * each see the others that committed first, and a burst cannot slip past a threshold together (within a minute: at
     * a minute's edge two attempts lock different rows). PostgreSQL's driver sends both in one exchange.
     */
    public Map<String, Long> countAndRead(String merchantId, VelocityKeys keys, Instant at) {
        Statement writes = new Statement();
        writes(writes, merchantId, keys, at);
        Reading reading = reading(merchantId, keys, at);
        if (writes.sql.isEmpty() || reading.columns().isEmpty()) {
            if (!writes.sql.isEmpty()) {
                jdbc.sql(writes.sql + " select 1").params(writes.params).query().singleRow();
            }
            return read(merchantId, keys, at);
        }
        List<Object> params = new ArrayList<>(writes.params);
        params.addAll(reading.params());
        String sql = writes.sql + " select 1; select " + String.join(", ", reading.columns());
        return template.execute(sql, (java.sql.PreparedStatement statement) -> {
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
            // the upsert's "select 1" comes first, the counters (columns c0, c1, ...) second
            boolean isResult = statement.execute();
            Map<String, Long> values = new LinkedHashMap<>();
            while (isResult || statement.getUpdateCount() != -1) {
                if (isResult) {
                    java.sql.ResultSet rows = statement.getResultSet();
                    if (rows.next() && "c0".equals(rows.getMetaData().getColumnLabel(1))) {
                        for (int i = 0; i < reading.attributes().size(); i++) {
                            values.put(reading.attributes().get(i), rows.getLong(i + 1));
                        }
                    }
                }
                isResult = statement.getMoreResults();
            }
            if (values.size() != reading.attributes().size()) {
                throw new IllegalStateException("the velocity read answered no counters");
            }
            return values;
        });
    }

    /** The issuer declined that attempt: a decline under each of its keys, in the minute of {@code at}. */
    public void declined(String merchantId, VelocityKeys keys, Instant at) {
        Timestamp minute = Timestamp.from(at.truncatedTo(ChronoUnit.MINUTES));
        Map<Velocity.Kind, String> present = keys.present();
        if (present.isEmpty()) {
            return;
        }
        List<String> rows = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        present.forEach((kind, value) -> {
            rows.add("(?, ?, ?, ?, 1)");
            params.addAll(List.of(merchantId, name(kind), hash(merchantId, kind, value), minute));
        });
        jdbc.sql("insert into risk_velocity (merchant_id, kind, key_hash, minute, declines) values " + String.join(", ", rows)
                        + " on conflict (merchant_id, kind, key_hash, minute) do update set declines = risk_velocity.declines + 1")
                .params(params).update();
    }

    /**
     * Every velocity attribute of an attempt with {@code keys} as of {@code now}, in one statement; an attribute whose
     * key is absent is left out (missing, for the rules). A minute counts while any of it is inside the window.
     */
    public Map<String, Long> read(String merchantId, VelocityKeys keys, Instant now) {
        Reading reading = reading(merchantId, keys, now);
        Map<String, Long> values = new LinkedHashMap<>();
        if (reading.columns().isEmpty()) {
            return values;
        }
        Map<String, Object> row = jdbc.sql("select " + String.join(", ", reading.columns())).params(reading.params())
                .query().singleRow();
        for (int i = 0; i < reading.attributes().size(); i++) {
            values.put(reading.attributes().get(i), ((Number) row.get("c" + i)).longValue());
        }
        return values;
    }

    /** The read of every counter whose key the attempt has: its columns ({@code c0}, ...), parameters and attributes. */
    private record Reading(List<String> columns, List<Object> params, List<String> attributes) {
    }

    private Reading reading(String merchantId, VelocityKeys keys, Instant now) {
        Map<Velocity.Kind, String> present = keys.present();
        List<String> columns = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        List<String> attributes = new ArrayList<>();
        for (Velocity.Counter counter : Velocity.COUNTERS) {
            String value = present.get(counter.kind());
            if (value == null) {
                continue;
            }
            Instant from = now.minus(counter.window()).truncatedTo(ChronoUnit.MINUTES);
            boolean distinct = counter.measure() == Velocity.Measure.DISTINCT;
            columns.add((distinct ? "(select count(*) from risk_velocity_pairs where merchant_id = ? and kind = ? "
                    + "and key_hash = ? and last_seen >= ?)"
                    : "(select coalesce(sum(" + (counter.measure() == Velocity.Measure.ATTEMPTS ? "attempts" : "declines")
                    + "), 0) from risk_velocity where merchant_id = ? and kind = ? and key_hash = ? and minute >= ?)")
                    + " as c" + columns.size());
            params.addAll(List.of(merchantId, distinct ? name(counter.kind()) + "_" + name(counter.other()) : name(counter.kind()),
                    hash(merchantId, counter.kind(), value), Timestamp.from(from)));
            attributes.add(counter.attribute());
        }
        return new Reading(columns, params, attributes);
    }

    /** A statement being built: its CTEs so far, and their parameters in order. */
    private static final class Statement {
        String sql = "";
        final List<Object> params = new ArrayList<>();

        void with(String cte, List<Object> values) {
            sql += (sql.isEmpty() ? "with " : ", ") + cte;
            params.addAll(values);
        }
    }

    /** The attempt's writes as CTEs: one multi-row upsert of its keys' minutes, one of its IP and card seen together. */
    private void writes(Statement statement, String merchantId, VelocityKeys keys, Instant at) {
        Timestamp minute = Timestamp.from(at.truncatedTo(ChronoUnit.MINUTES));
        Map<Velocity.Kind, String> present = keys.present();
        List<String> rows = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        present.forEach((kind, value) -> {
            if (COUNTED.contains(kind)) {
                rows.add("(?, ?, ?, ?, 1)");
                params.addAll(List.of(merchantId, name(kind), hash(merchantId, kind, value), minute));
            }
        });
        if (!rows.isEmpty()) {
            statement.with("counted as (insert into risk_velocity (merchant_id, kind, key_hash, minute, attempts) values "
                    + String.join(", ", rows) + " on conflict (merchant_id, kind, key_hash, minute) "
                    + "do update set attempts = risk_velocity.attempts + 1 returning 1)", params);
        }
        String card = present.get(Velocity.Kind.CARD);
        String ip = present.get(Velocity.Kind.IP);
        if (card != null && ip != null) {
            byte[] cardHash = hash(merchantId, Velocity.Kind.CARD, card);
            byte[] ipHash = hash(merchantId, Velocity.Kind.IP, ip);
            Timestamp seen = Timestamp.from(at);
            statement.with("""
                    seen as (insert into risk_velocity_pairs (merchant_id, kind, key_hash, other_hash, last_seen)
                    values (?, 'ip_card', ?, ?, ?), (?, 'card_ip', ?, ?, ?)
                    on conflict (merchant_id, kind, key_hash, other_hash)
                    do update set last_seen = greatest(risk_velocity_pairs.last_seen, excluded.last_seen) returning 1)""",
                    List.of(merchantId, ipHash, cardHash, seen, merchantId, cardHash, ipHash, seen));
        }
    }

    /** Forgets what no window reaches any more: the tables hold at most a day of keys. */
    @Scheduled(fixedDelayString = "${payrail.risk.velocity-purge-interval:PT10M}")
    public void purge() {
        purgeBefore(Instant.now().minus(Velocity.RETENTION));
    }

    int purgeBefore(Instant before) {
        Timestamp cutoff = Timestamp.from(before);
        return jdbc.sql("delete from risk_velocity where minute < ?").param(cutoff).update()
                + jdbc.sql("delete from risk_velocity_pairs where last_seen < ?").param(cutoff).update();
    }

    /** HMAC-SHA256 of merchant, kind and value, 16 bytes: the same key for the same value, nothing readable. */
    private byte[] hash(String merchantId, Velocity.Kind kind, String value) {
        byte[] digest = macs.get().doFinal((merchantId + "\u0000" + name(kind) + "\u0000" + value).getBytes(StandardCharsets.UTF_8));
        return java.util.Arrays.copyOf(digest, 16);
    }

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
