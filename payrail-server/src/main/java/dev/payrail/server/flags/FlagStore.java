package dev.payrail.server.flags;

import dev.payrail.core.flags.FlagDefinition;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The only reader and writer of {@code feature_flags} and {@code feature_flag_changes}. */
@Repository
class FlagStore {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FlagStore.class);
    private static final TypeReference<Map<String, String>> MERCHANTS = new TypeReference<>() {
    };

    /** A flag's row: its definition, the version it is at, who changed it last and when. */
    record Stored(FlagDefinition definition, int version, Instant updatedAt, String updatedBy) {
    }

    /** One change of a flag, as appended. */
    record Change(long id, String key, int version, String before, String after, String actor, String requestId,
                  String reason, Instant at) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    FlagStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Every flag that has a row, by key; the variants come from {@code catalog} (the table keeps only placements). */
    Map<String, Stored> all(FlagCatalog catalog) {
        Map<String, Stored> found = new LinkedHashMap<>();
        jdbc.sql("select * from feature_flags order by key").query((rs, n) -> {
            Optional<FlagCatalog.Entry> entry = catalog.find(rs.getString("key"));
            if (entry.isEmpty()) {
                return null;                        // a flag a later release added, or this one retired
            }
            try {
                found.put(entry.get().key(), stored(rs, entry.get()));
            } catch (IllegalArgumentException retiredVariant) {
                // a variant this release no longer has: the flag serves its default until an operator sets it again
                log.warn("flag {} names a variant this release does not have; serving its default: {}",
                        entry.get().key(), retiredVariant.getMessage());
            }
            return null;
        }).list();
        return found;
    }

    /**
     * Writes {@code next} as version {@code expectedVersion + 1} (0: the flag had no row) and appends the change,
     * in the caller's transaction. False when another change won the race: the caller reads again.
     */
    boolean write(FlagDefinition next, int expectedVersion, Map<String, Object> before, String actor, String requestId,
                  String reason) {
        int version = expectedVersion + 1;
        String merchants = json.writeValueAsString(next.merchants());
        String rolloutVariant = next.rollout().map(FlagDefinition.Rollout::variant).orElse(null);
        int basisPoints = next.rollout().map(FlagDefinition.Rollout::basisPoints).orElse(0);
        int written = expectedVersion == 0
                ? jdbc.sql("""
                        insert into feature_flags (key, default_variant, rollout_variant, rollout_basis_points, merchants,
                                                   version, updated_by)
                        values (?, ?, ?, ?, ?::jsonb, 1, ?) on conflict (key) do nothing""")
                .params(next.key(), next.defaultVariant(), rolloutVariant, basisPoints, merchants, actor).update()
                : jdbc.sql("""
                        update feature_flags set default_variant = ?, rollout_variant = ?, rollout_basis_points = ?,
                               merchants = ?::jsonb, version = ?, updated_at = now(), updated_by = ?
                        where key = ? and version = ?""")
                .params(next.defaultVariant(), rolloutVariant, basisPoints, merchants, version, actor, next.key(),
                        expectedVersion).update();
        if (written == 0) {
            return false;
        }
        jdbc.sql("""
                        insert into feature_flag_changes (flag_key, version, before, after, actor, request_id, reason)
                        values (?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)""")
                .params(next.key(), version, before == null ? null : json.writeValueAsString(before),
                        json.writeValueAsString(FlagJson.placement(next)), actor, requestId, reason)
                .update();
        return true;
    }

    /** The row of {@code entry}'s flag, locked until the caller's transaction ends; empty if it has none yet. */
    Optional<Stored> lockedForChange(FlagCatalog.Entry entry) {
        return jdbc.sql("select * from feature_flags where key = ? for update").param(entry.key())
                .query((rs, n) -> stored(rs, entry)).optional();
    }

    /** A flag's changes, newest first, {@code limit} of those older than change {@code before}. */
    List<Change> changes(String key, long before, int limit) {
        return jdbc.sql("""
                        select id, flag_key, version, before::text, after::text, actor, request_id, reason, at
                        from feature_flag_changes where flag_key = ? and id < ? order by id desc limit ?""")
                .params(key, before, limit)
                .query((rs, n) -> new Change(rs.getLong("id"), rs.getString("flag_key"), rs.getInt("version"),
                        rs.getString("before"), rs.getString("after"), rs.getString("actor"), rs.getString("request_id"),
                        rs.getString("reason"), rs.getTimestamp("at").toInstant()))
                .list();
    }

    private Stored stored(ResultSet rs, FlagCatalog.Entry entry) throws SQLException {
        String rolloutVariant = rs.getString("rollout_variant");
        FlagDefinition definition = new FlagDefinition(entry.key(), entry.variants(), rs.getString("default_variant"),
                rolloutVariant == null ? Optional.empty()
                        : Optional.of(new FlagDefinition.Rollout(rolloutVariant, rs.getInt("rollout_basis_points"))),
                json.readValue(rs.getString("merchants"), MERCHANTS));
        return new Stored(definition, rs.getInt("version"), rs.getTimestamp("updated_at").toInstant(), rs.getString("updated_by"));
    }
}
