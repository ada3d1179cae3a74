package dev.payrail.server.risk;

import dev.payrail.core.risk.Velocity;
import dev.payrail.core.risk.VelocityWindows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The velocity log (table {@code risk_velocity_log}): every committed attempt and decline of every process, appended
 * in batches by the process that counted it, followed by the others and read back at a start. Append-only; purged
 * past {@link Velocity#RETENTION}. The only place the table is written or read.
 */
@Repository
class VelocityLog {
    /** One row: its id, the process that wrote it, when the database logged it, and what it counts. */
    record Row(long id, String processId, Instant loggedAt, VelocityWindows.Tally tally) {
    }

    /** The rows read, and the database's clock when they were read (the cursor's patience is by that clock). */
    record Read(List<Row> rows, Instant databaseNow) {
    }

    /** The key columns, in the order of {@link Velocity.Kind}. */
    private static final List<String> KEY_COLUMNS = List.of("card_hash", "ip_hash", "email_hash", "customer_hash", "bin_hash");
    private static final int ROWS_PER_STATEMENT = 1_000;

    private final JdbcClient jdbc;

    VelocityLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends {@code tallies} as {@code processId}'s, in statements of at most a thousand rows. */
    void append(String processId, List<VelocityWindows.Tally> tallies) {
        for (int from = 0; from < tallies.size(); from += ROWS_PER_STATEMENT) {
            List<VelocityWindows.Tally> batch = tallies.subList(from, Math.min(tallies.size(), from + ROWS_PER_STATEMENT));
            List<Object> params = new ArrayList<>(batch.size() * 10);
            List<String> rows = new ArrayList<>(batch.size());
            for (VelocityWindows.Tally tally : batch) {
                rows.add("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                params.add(processId);
                params.add(tally.merchantId());
                params.add(Timestamp.from(Instant.ofEpochSecond(tally.minute() * 60)));
                params.add(tally.attempts());
                params.add(tally.declines());
                for (Velocity.Kind kind : Velocity.Kind.values()) {
                    VelocityWindows.Hash hash = tally.keys().get(kind);
                    params.add(hash == null ? null : hash.bytes());
                }
            }
            jdbc.sql("insert into risk_velocity_log (process_id, merchant_id, minute, attempts, declines, "
                    + String.join(", ", KEY_COLUMNS) + ") values " + String.join(", ", rows)).params(params).update();
        }
    }

    /**
     * The rows after {@code id}, oldest first, at most {@code limit}, and the database's clock as they were read (null
     * when there were none: a cursor has then nothing waiting to judge by it).
     */
    Read after(long id, int limit) {
        Instant[] now = new Instant[1];
        List<Row> rows = jdbc.sql("select id, process_id, logged_at, merchant_id, minute, attempts, declines, "
                        + String.join(", ", KEY_COLUMNS) + ", statement_timestamp() as database_now"
                        + " from risk_velocity_log where id > ? order by id limit ?")
                .params(id, limit).query((rs, n) -> {
                    now[0] = rs.getTimestamp("database_now").toInstant();
                    return row(rs);
                }).list();
        return new Read(rows, now[0]);
    }

    /** The id before the first row a process starting now must read: the oldest of the last {@code since}. */
    long startingPoint(Instant since) {
        return jdbc.sql("""
                        select coalesce((select min(id) from risk_velocity_log where minute >= ?),
                                        (select coalesce(max(id), 0) + 1 from risk_velocity_log)) - 1""")
                .param(Timestamp.from(since)).query(Long.class).single();
    }

    /** Deletes the rows of minutes before {@code before}: what no window reaches any more. */
    int purgeBefore(Instant before) {
        return jdbc.sql("delete from risk_velocity_log where minute < ?").param(Timestamp.from(before)).update();
    }

    private static Row row(ResultSet rs) throws SQLException {
        Map<Velocity.Kind, VelocityWindows.Hash> keys = new EnumMap<>(Velocity.Kind.class);
        for (Velocity.Kind kind : Velocity.Kind.values()) {
            byte[] hash = rs.getBytes(KEY_COLUMNS.get(kind.ordinal()));
            if (hash != null) {
                keys.put(kind, VelocityWindows.Hash.of(hash));
            }
        }
        long minute = rs.getTimestamp("minute").toInstant().getEpochSecond() / 60;
        return new Row(rs.getLong("id"), rs.getString("process_id"), rs.getTimestamp("logged_at").toInstant(),
                new VelocityWindows.Tally(rs.getString("merchant_id"),
                minute, keys, rs.getInt("attempts"), rs.getInt("declines")));
    }
}
