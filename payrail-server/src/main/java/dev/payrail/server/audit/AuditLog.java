package dev.payrail.server.audit;

import dev.payrail.server.api.RequestIds;
import dev.payrail.server.database.FilteredQuery;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The audit log: who did what to which object, from where, with what outcome. Rows are only ever inserted
 * (the database refuses update, delete and truncate). The request id and source address come from the
 * request being served, when there is one; background jobs record without them.
 */
@Repository
public class AuditLog {
    /** One audited action as stored. */
    public record Entry(long id, Instant at, String actor, String action, String objectType, String objectId,
                        String requestId, String sourceIp, String outcome, String detail) {
    }

    /** What to look for; every part optional. */
    public record Filter(String actor, String action, String objectId, Instant from, Instant until) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void record(String actor, String action, String objectId, String outcome, Map<String, ?> detail) {
        Optional<HttpServletRequest> request = currentRequest();
        record(actor, action, objectId, request.map(RequestIds::of).orElse(null),
                request.map(HttpServletRequest::getRemoteAddr).orElse(null), outcome, detail);
    }

    /**
     * Set on a request whose audit row a command wrote in its own last commit: the audit filter then writes none.
     * The command pipeline sets it (through {@code CommandOrigin.audited}) only after that commit.
     */
    public static final String WRITTEN_BY_COMMAND = "payrail.audit.written_by_command";

    public void record(String actor, String action, String objectId, String requestId, String sourceIp, String outcome,
                       Map<String, ?> detail) {
        jdbc.sql("""
                        insert into audit_log (actor, action, object_type, object_id, request_id, source_ip, outcome, detail)
                        values (?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")
                .params(actor, action, objectType(objectId), objectId, requestId, sourceIp, outcome,
                        json.writeValueAsString(detail))
                .update();
    }

    /** Newest first, {@code limit} entries older than entry {@code before}. */
    List<Entry> page(Filter filter, long before, int limit) {
        FilteredQuery query = filtered(filter, before).then("order by id desc limit :limit", Map.of("limit", limit));
        return jdbc.sql(query.sql()).params(query.params())
                .query((rs, n) -> entry(rs))
                .list();
    }

    /** The columns of the audit log's CSV exports (the export endpoint's and the evidence pack's). */
    public static final List<String> EXPORT_COLUMNS = List.of("id", "at", "actor", "action", "object_type", "object_id",
            "request_id", "source_ip", "outcome", "detail");

    /** One entry as a row of {@link #EXPORT_COLUMNS}. */
    public static List<Object> exportRow(Entry e) {
        return java.util.Arrays.asList(e.id(), e.at(), e.actor(), e.action(), e.objectType(), e.objectId(), e.requestId(),
                e.sourceIp(), e.outcome(), e.detail());
    }

    /**
     * Each actor's newest entry: when each credential was last recorded in use (access reviews). A skip scan of
     * {@code audit_log_by_actor}, one step per actor, so its cost grows with the actors, not with the log.
     */
    public Map<String, Instant> lastEntryByActor() {
        Map<String, Instant> last = new java.util.LinkedHashMap<>();
        jdbc.sql("""
                        with recursive actors(actor) as (
                            (select actor from audit_log order by actor limit 1)
                            union all
                            select (select a.actor from audit_log a where a.actor > actors.actor order by a.actor limit 1)
                            from actors where actors.actor is not null)
                        select actor, (select l.at from audit_log l where l.actor = actors.actor order by l.id desc limit 1) as at
                        from actors where actor is not null order by actor""")
                .query((rs, n) -> last.put(rs.getString("actor"), rs.getTimestamp("at").toInstant())).list();
        return last;
    }

    /** Oldest first, every entry the filter selects, one at a time. */
    public void each(Filter filter, Consumer<Entry> sink) {
        FilteredQuery query = filtered(filter, Long.MAX_VALUE).then("order by id", Map.of());
        jdbc.sql(query.sql()).params(query.params())
                .withFetchSize(1000)
                .query((rs, n) -> entry(rs))
                .stream()
                .forEach(sink);
    }

    /**
     * Only the filters given, so that each search plans on its index (by actor, by object, by time) at any size: a
     * condition such as {@code (? is null or actor = ?)} leaves a reused plan scanning the whole log.
     */
    private static FilteredQuery filtered(Filter f, long before) {
        return new FilteredQuery("select * from audit_log where true")
                .and("id < :before", "before", before)
                .and("actor = :actor", "actor", f.actor())
                .and("action like :action", "action", f.action() == null ? null : f.action().replace("%", "\\%") + "%")
                .and("object_id = :object", "object", f.objectId())
                .and("at >= :from", "from", f.from() == null ? null : java.sql.Timestamp.from(f.from()))
                .and("at < :until", "until", f.until() == null ? null : java.sql.Timestamp.from(f.until()));
    }

    private static Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                rs.getString("action"), rs.getString("object_type"), rs.getString("object_id"),
                rs.getString("request_id"), rs.getString("source_ip"), rs.getString("outcome"), rs.getString("detail"));
    }

    /** The outcome an HTTP status means: succeeded, refused (4xx) or failed (5xx). */
    public static String outcome(int status) {
        return status < 400 ? "succeeded" : status < 500 ? "refused" : "failed";
    }

    /**
     * The action a request is audited as: its path as a template, every object id replaced by {@code {id}}
     * ({@code POST /v1/payments/{id}/capture}).
     */
    public static String action(String method, String uri) {
        StringBuilder template = new StringBuilder(method).append(' ');
        for (String segment : uri.substring(1).split("/")) {
            template.append('/').append(OBJECT_ID.matcher(segment).matches() ? "{id}" : segment);
        }
        return template.toString();
    }

    /** The first object id in a request's path, or null. */
    public static String objectIn(String uri) {
        for (String segment : uri.substring(1).split("/")) {
            if (OBJECT_ID.matcher(segment).matches()) {
                return segment;
            }
        }
        return null;
    }

    private static final java.util.regex.Pattern OBJECT_ID = java.util.regex.Pattern.compile("^[a-z]{2,8}_[A-Za-z0-9]{6,}$");

    /** The kind of object an id names, from its prefix: {@code pay_...} is a payment. */
    static String objectType(String objectId) {
        if (objectId == null || objectId.indexOf('_') < 1) {
            return null;
        }
        return objectId.substring(0, objectId.indexOf('_'));
    }

    private static Optional<HttpServletRequest> currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? Optional.of(attributes.getRequest()) : Optional.empty();
    }
}
