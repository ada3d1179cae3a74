package dev.payrail.server.ledger;

import dev.payrail.server.api.CsvLines;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes journal lines of a period as they are read. PostgreSQL streams a result with a cursor only inside
 * a transaction and with a fetch size; both are set here, so memory stays flat however long the period.
 */
@Component
class LedgerExport {
    enum Format { CSV, JSON }

    static final String[] COLUMNS = {"entry_id", "created_at", "event", "merchant_id", "source_type", "source_id",
            "line_id", "account_type", "account_owner", "currency", "side", "amount"};

    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;
    private final JsonMapper json;

    LedgerExport(DataSource dataSource, TransactionTemplate transactions, JsonMapper json) {
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(1_000);
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
        this.json = json;
    }

    void write(Instant from, Instant to, Format format, PrintWriter out) {
        if (format == Format.CSV) {
            out.println(String.join(",", COLUMNS));
        } else {
            out.print("[");
        }
        boolean[] first = {true};
        readOnly.executeWithoutResult(status -> streaming.query("""
                        select e.id as entry_id, e.created_at, e.event, e.merchant_id, e.source_type, e.source_id,
                               l.id as line_id, l.account_type, l.account_owner, l.currency, l.side, l.amount
                        from journal_entries e join journal_lines l on l.entry_id = e.id
                        where e.created_at >= ? and e.created_at < ? order by e.created_at, e.id, l.id""",
                rs -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (String column : COLUMNS) {
                        Object value = rs.getObject(column);
                        row.put(column, value instanceof Timestamp t ? t.toInstant().toString()
                                : value instanceof String s ? s.strip() : value);
                    }
                    if (format == Format.CSV) {
                        out.println(CsvLines.of(row.values()));
                    } else {
                        out.print(first[0] ? "\n" : ",\n");
                        out.print(json.writeValueAsString(row));
                    }
                    first[0] = false;
                }, Timestamp.from(from), Timestamp.from(to)));
        if (format == Format.JSON) {
            out.println(first[0] ? "]" : "\n]");
        }
        out.flush();
    }
}
