package dev.payrail.server.reconciliation;

import dev.payrail.core.ledger.FeeSchedule;
import dev.payrail.core.ledger.PostingAmounts;
import dev.payrail.core.ledger.PostingEvent;
import dev.payrail.core.ledger.PostingRules;
import dev.payrail.core.money.CurrencyCode;
import dev.payrail.core.reconciliation.ExceptionCategory;
import dev.payrail.core.reconciliation.ReportFormat;
import dev.payrail.core.reconciliation.RunSummary;
import dev.payrail.core.reconciliation.SettlementMatcher;
import dev.payrail.core.reconciliation.SettlementReportReader;
import dev.payrail.core.reconciliation.SettlementRow;
import dev.payrail.server.PayrailProperties;
import dev.payrail.server.api.Ids;
import dev.payrail.server.ledger.Journal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Imports a settlement report and reconciles it, in one transaction: a malformed file leaves nothing
 * behind, and the same file (by content hash) is reconciled once. Rows are read, matched and recorded in
 * batches, so memory stays flat for any size. The provider's fees on matched captures are booked as one
 * ledger entry per currency per run; Payrail's records the provider should have settled by now, and has
 * not, become {@code missing_in_report}; a settlement that answers an open exception clears it.
 */
@Service
public class ReconciliationRuns {

    /** The outcome of an import: the run, or the earlier run of the same file. */
    public record Imported(String reportId, String runId, boolean duplicate) {
    }

    /** Something that can be read more than once (an uploaded temporary file, a path). */
    public interface Content {
        InputStream open() throws IOException;
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final TransactionTemplate transactions;
    private final Journal journal;
    private final JsonMapper json;
    private final PayrailProperties properties;

    ReconciliationRuns(JdbcClient jdbc, JdbcTemplate batches, TransactionTemplate transactions, Journal journal, JsonMapper json,
                       PayrailProperties properties) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.transactions = transactions;
        this.journal = journal;
        this.json = json;
        this.properties = properties;
    }

    public Imported importReport(String provider, ReportFormat format, String filename, Content content) {
        String sha256 = sha256(content);
        Optional<Imported> earlier = jdbc.sql("""
                        select r.id, (select id from reconciliation_runs where report_id = r.id order by started_at limit 1)
                        from settlement_reports r where r.sha256 = ?""")
                .param(sha256).query((rs, n) -> new Imported(rs.getString(1), rs.getString(2), true)).optional();
        if (earlier.isPresent()) {
            return earlier.get();
        }
        return transactions.execute(status -> {
            String reportId = Ids.newId("rpt");
            String runId = Ids.newId("recon");
            jdbc.sql("insert into settlement_reports (id, provider, format, filename, sha256) values (?, ?, ?, ?, ?)")
                    .params(reportId, provider, format.name().toLowerCase(java.util.Locale.ROOT), filename, sha256).update();
            jdbc.sql("insert into reconciliation_runs (id, report_id) values (?, ?)").params(runId, reportId).update();
            RunSummary summary = reconcile(provider, format, content, runId);
            jdbc.sql("update reconciliation_runs set finished_at = now(), rows = ?, matched = ?, summary = ?::jsonb where id = ?")
                    .params(summary.rows(), summary.matched(), json.writeValueAsString(summaryJson(summary)), runId).update();
            return new Imported(reportId, runId, false);
        });
    }

    private RunSummary reconcile(String provider, ReportFormat format, Content content, String runId) {
        PayrailProperties.Reconciliation settings = properties.reconciliation();
        PayrailProperties.Reconciliation.ProviderFee contracted = settings.providerFees()
                .getOrDefault(provider, new PayrailProperties.Reconciliation.ProviderFee(0, Map.of()));
        FeeSchedule providerFees = new FeeSchedule(contracted.basisPoints(), upperCased(contracted.fixed()));
        RecordedItemLookup records = new RecordedItemLookup(jdbc, provider);
        SettlementMatcher matcher = new SettlementMatcher(records, providerFees, settings.lateAfter(), settings.amountWindow());
        RunSummary summary = new RunSummary();
        Map<String, Long> feesByCurrency = new TreeMap<>();
        try (InputStream in = content.open(); SettlementReportReader rows = format.open(in)) {
            List<SettlementRow> batch = new ArrayList<>(settings.batchSize());
            while (rows.hasNext()) {
                batch.add(rows.next());
                if (batch.size() == settings.batchSize() || !rows.hasNext()) {
                    records.prefetch(batch);
                    List<Object[]> settled = new ArrayList<>();
                    for (SettlementRow row : batch) {
                        SettlementMatcher.Outcome outcome = matcher.match(row);
                        summary.add(outcome);
                        if (outcome.matched()) {
                            records.matched(outcome.item());
                            if (row.type() != dev.payrail.core.reconciliation.SettlementType.FEE) {
                                settled.add(new Object[] {outcome.item().type().wireName(), outcome.item().id(), runId,
                                        row.rowId(), Timestamp.from(row.bookedAt())});
                            }
                            if (row.fee() > 0 && outcome.findings().stream().noneMatch(f -> f.category() == ExceptionCategory.CURRENCY_MISMATCH)) {
                                feesByCurrency.merge(row.currency().code(), row.fee(), Long::sum);
                            }
                        }
                        for (SettlementMatcher.Finding finding : outcome.findings()) {
                            record(runId, provider, finding, row, outcome.item());
                        }
                    }
                    batches.batchUpdate("""
                            insert into settled_items (item_type, item_id, run_id, row_id, settled_at) values (?, ?, ?, ?, ?)
                            on conflict do nothing""", settled);
                    batch.clear();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        feesByCurrency.forEach((currency, fee) -> journal.post(PostingEvent.PROVIDER_FEE, new PostingAmounts(fee, fee),
                new PostingRules.Parties(null, provider, CurrencyCode.of(currency)), "reconciliation_run",
                runId + ":" + currency, Instant.now()));
        autoResolveSettled(runId);
        missingInReport(provider, runId, summary);
        return summary;
    }

    private void record(String runId, String provider, SettlementMatcher.Finding finding, SettlementRow row,
                        dev.payrail.core.reconciliation.RecordedItem item) {
        String id = Ids.newId("rex");
        jdbc.sql("""
                        insert into reconciliation_exceptions (id, run_id, provider, category, status, currency, amount_at_stake,
                                                               line, row_id, item_type, item_id, detail, provider_reference)
                        values (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, runId, provider, finding.category().wireName(), finding.currency().code(), finding.amountAtStake(),
                        row == null ? null : row.line(), row == null ? null : row.rowId(),
                        item == null ? null : item.type().wireName(), item == null ? null : item.id(), finding.detail(),
                        row != null ? row.providerReference() : item == null ? null : item.providerReference())
                .update();
        jdbc.sql("insert into reconciliation_exception_events (exception_id, action, actor) values (?, 'opened', ?)")
                .params(id, "reconciliation_run:" + runId).update();
    }

    /** Exceptions that this run's settlements answer (a record missing before, now settled) are cleared. */
    private void autoResolveSettled(String runId) {
        List<String> cleared = jdbc.sql("""
                        update reconciliation_exceptions x set status = 'auto_resolved', resolution_code = 'settled_later',
                               resolved_by = 'reconciliation_run:' || ?, resolved_at = now()
                        from settled_items s
                        where s.run_id = ? and x.item_type = s.item_type and x.item_id = s.item_id
                          and x.category = 'missing_in_report' and x.status in ('open', 'acknowledged')
                        returning x.id""")
                .params(runId, runId).query(String.class).list();
        for (String id : cleared) {
            jdbc.sql("insert into reconciliation_exception_events (exception_id, action, actor, note) values (?, 'auto_resolved', ?, ?)")
                    .params(id, "reconciliation_run:" + runId, "settled by a later report").update();
        }
    }

    /** Captures and succeeded refunds older than the grace period that no report has settled. */
    private void missingInReport(String provider, String runId, RunSummary summary) {
        Instant before = Instant.now().minus(properties.reconciliation().missingAfter());
        jdbc.sql("""
                        select 'capture' as item_type, p.id, p.currency, p.amount_captured as amount
                        from reconciliation_payments p join reconciliation_journal_entries e on e.event = 'capture' and e.source_id = p.id
                        where p.provider = ? and e.created_at < ?
                          and not exists (select 1 from settled_items s where s.item_type = 'capture' and s.item_id = p.id)
                          and not exists (select 1 from reconciliation_exceptions x where x.item_type = 'capture' and x.item_id = p.id
                                          and x.category = 'missing_in_report' and x.status in ('open', 'acknowledged'))
                        union all
                        select 'refund', r.id, r.currency, r.amount
                        from reconciliation_refunds r join reconciliation_payments p on p.id = r.payment_id
                        where p.provider = ? and r.status = 'succeeded' and r.updated_at < ?
                          and exists (select 1 from reconciliation_journal_entries e where e.event = 'refund_succeeded' and e.source_id = r.id)
                          and not exists (select 1 from settled_items s where s.item_type = 'refund' and s.item_id = r.id)
                          and not exists (select 1 from reconciliation_exceptions x where x.item_type = 'refund' and x.item_id = r.id
                                          and x.category = 'missing_in_report' and x.status in ('open', 'acknowledged'))""")
                .params(provider, Timestamp.from(before), provider, Timestamp.from(before))
                .query(rs -> {
                    String id = Ids.newId("rex");
                    CurrencyCode currency = CurrencyCode.of(rs.getString("currency").strip());
                    jdbc.sql("""
                                    insert into reconciliation_exceptions (id, run_id, provider, category, status, currency,
                                                                           amount_at_stake, item_type, item_id, detail)
                                    values (?, ?, ?, 'missing_in_report', 'open', ?, ?, ?, ?, ?)""")
                            .params(id, runId, provider, currency.code(), rs.getLong("amount"), rs.getString("item_type"),
                                    rs.getString("id"), "no report has settled " + rs.getString("item_type") + " " + rs.getString("id"))
                            .update();
                    summary.add(new SettlementMatcher.Finding(ExceptionCategory.MISSING_IN_REPORT, currency, rs.getLong("amount"),
                            rs.getString("id")));
                });
    }

    private static Map<String, Object> summaryJson(RunSummary summary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rows", summary.rows());
        json.put("matched", summary.matched());
        json.put("matched_percent", summary.matchedPercent());
        Map<String, Object> exceptions = new LinkedHashMap<>();
        summary.exceptions().forEach((category, count) -> exceptions.put(category.wireName(),
                Map.of("count", count, "amount_at_stake", lowerCased(summary.atStake().get(category)))));
        json.put("exceptions", exceptions);
        json.put("net_settled", lowerCased(summary.netSettled()));
        json.put("paid_out", lowerCased(summary.paidOut()));
        json.put("payout_matches_net", summary.payoutMatchesNet());
        return json;
    }

    private static Map<String, Long> lowerCased(Map<String, Long> byCurrency) {
        Map<String, Long> lower = new TreeMap<>();
        byCurrency.forEach((currency, amount) -> lower.put(currency.toLowerCase(java.util.Locale.ROOT), amount));
        return lower;
    }

    private static Map<String, Long> upperCased(Map<String, Long> byCurrency) {
        Map<String, Long> upper = new TreeMap<>();
        byCurrency.forEach((currency, amount) -> upper.put(currency.toUpperCase(java.util.Locale.ROOT), amount));
        return upper;
    }

    private static String sha256(Content content) {
        try (InputStream in = content.open()) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
