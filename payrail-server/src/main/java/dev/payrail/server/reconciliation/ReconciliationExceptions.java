package dev.payrail.server.reconciliation;

import dev.payrail.core.money.CurrencyCode;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.CsvLines;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs and their exceptions as finance sees them. An exception moves open → acknowledged → resolved (with
 * a resolution code, a note, who and when), or to auto_resolved when a later report settles it; every move
 * is written to its append-only audit trail in the same transaction.
 */
@Repository
class ReconciliationExceptions {
    private static final String COLUMNS = "id, run_id, provider, category, status, currency, amount_at_stake, line, row_id,"
            + " item_type, item_id, provider_reference, detail, resolution_code, resolution_note, resolved_by, resolved_at, created_at";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ReconciliationExceptions(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<Map<String, Object>> run(String id) {
        return jdbc.sql("""
                        select r.id, r.report_id, s.provider, s.format, s.filename, r.started_at, r.finished_at, r.summary::text
                        from reconciliation_runs r join settlement_reports s on s.id = r.report_id where r.id = ?""")
                .param(id)
                .query((rs, n) -> {
                    Map<String, Object> run = new LinkedHashMap<>();
                    run.put("id", rs.getString("id"));
                    run.put("object", "reconciliation_run");
                    run.put("report", rs.getString("report_id"));
                    run.put("provider", rs.getString("provider"));
                    run.put("format", rs.getString("format"));
                    run.put("filename", rs.getString("filename"));
                    run.put("started", rs.getTimestamp("started_at").toInstant().getEpochSecond());
                    run.put("finished", rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant().getEpochSecond());
                    run.put("summary", json.readValue(rs.getString("summary"), new TypeReference<Map<String, Object>>() {
                    }));
                    return run;
                })
                .optional();
    }

    List<Map<String, Object>> list(Optional<String> status, Optional<String> category, Optional<String> run,
                                   Optional<String> provider, Optional<String> startingAfter, int limit) {
        return jdbc.sql("select " + COLUMNS + " from reconciliation_exceptions"
                        + " where (?::text is null or status = ?) and (?::text is null or category = ?)"
                        + " and (?::text is null or run_id = ?) and (?::text is null or provider = ?)"
                        + " and (?::text is null or (created_at, id) < (select created_at, id from reconciliation_exceptions where id = ?))"
                        + " order by created_at desc, id desc limit ?")
                .params(status.orElse(null), status.orElse(null), category.orElse(null), category.orElse(null),
                        run.orElse(null), run.orElse(null), provider.orElse(null), provider.orElse(null),
                        startingAfter.orElse(null), startingAfter.orElse(null), limit)
                .query((rs, n) -> exception(rs)).list();
    }

    Optional<Map<String, Object>> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from reconciliation_exceptions where id = ?").param(id)
                .query((rs, n) -> exception(rs)).optional()
                .map(exception -> {
                    exception.put("history", jdbc.sql("""
                                    select action, actor, note, at from reconciliation_exception_events
                                    where exception_id = ? order by id""")
                            .param(id)
                            .query((rs, n) -> {
                                Map<String, Object> event = new LinkedHashMap<>();
                                event.put("action", rs.getString("action"));
                                event.put("actor", rs.getString("actor"));
                                event.put("note", rs.getString("note"));
                                event.put("at", rs.getTimestamp("at").toInstant().getEpochSecond());
                                return event;
                            }).list());
                    return exception;
                });
    }

    @Transactional
    public Map<String, Object> acknowledge(String id, String actor, String note) {
        int moved = jdbc.sql("update reconciliation_exceptions set status = 'acknowledged' where id = ? and status = 'open'")
                .param(id).update();
        return moved(id, moved, "acknowledged", actor, note, "only an open exception can be acknowledged");
    }

    @Transactional
    public Map<String, Object> resolve(String id, String code, String note, String actor) {
        int moved = jdbc.sql("""
                        update reconciliation_exceptions set status = 'resolved', resolution_code = ?, resolution_note = ?,
                               resolved_by = ?, resolved_at = now()
                        where id = ? and status in ('open', 'acknowledged')""")
                .params(code, note, actor, id).update();
        return moved(id, moved, "resolved:" + code, actor, note, "this exception is already closed");
    }

    private Map<String, Object> moved(String id, int moved, String action, String actor, String note, String refusal) {
        Map<String, Object> exception = find(id).orElseThrow(() -> ApiException.notFound("reconciliation_exception", id));
        if (moved == 0) {
            throw ApiException.conflict("reconciliation_exception_state_invalid",
                    "The exception is " + exception.get("status") + "; " + refusal + ".");
        }
        jdbc.sql("insert into reconciliation_exception_events (exception_id, action, actor, note) values (?, ?, ?, ?)")
                .params(id, action, actor, note).update();
        return find(id).orElseThrow();
    }

    /** Writes a run's exceptions as CSV or a JSON array, read with a cursor. */
    void export(String runId, boolean csv, PrintWriter out) {
        String[] columns = {"id", "category", "status", "currency", "amount_at_stake", "line", "row_id", "item_type", "item_id", "provider_reference", "detail"};
        if (csv) {
            out.println(String.join(",", columns));
        } else {
            out.print("[");
        }
        boolean[] first = {true};
        jdbc.sql("select " + COLUMNS + " from reconciliation_exceptions where run_id = ? order by created_at, id")
                .param(runId)
                .query(rs -> {
                    Map<String, Object> exception = exception(rs);
                    if (csv) {
                        out.println(CsvLines.of(java.util.Arrays.stream(columns).map(exception::get).toList()));
                    } else {
                        out.print(first[0] ? "\n" : ",\n");
                        out.print(json.writeValueAsString(exception));
                    }
                    first[0] = false;
                });
        if (!csv) {
            out.println(first[0] ? "]" : "\n]");
        }
        out.flush();
    }

    private static Map<String, Object> exception(ResultSet rs) throws SQLException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", rs.getString("id"));
        json.put("object", "reconciliation_exception");
        json.put("run", rs.getString("run_id"));
        json.put("provider", rs.getString("provider"));
        json.put("category", rs.getString("category"));
        json.put("status", rs.getString("status"));
        json.put("currency", CurrencyCode.of(rs.getString("currency").strip()).wireName());
        json.put("amount_at_stake", rs.getLong("amount_at_stake"));
        json.put("line", rs.getObject("line"));
        json.put("row_id", rs.getString("row_id"));
        json.put("item_type", rs.getString("item_type"));
        json.put("item_id", rs.getString("item_id"));
        json.put("provider_reference", rs.getString("provider_reference"));
        json.put("detail", rs.getString("detail"));
        json.put("resolution_code", rs.getString("resolution_code"));
        json.put("resolution_note", rs.getString("resolution_note"));
        json.put("resolved_by", rs.getString("resolved_by"));
        json.put("resolved_at", rs.getTimestamp("resolved_at") == null ? null : rs.getTimestamp("resolved_at").toInstant().getEpochSecond());
        json.put("created", rs.getTimestamp("created_at").toInstant().getEpochSecond());
        return json;
    }
}
