package dev.payrail.server.reconciliation;

import dev.payrail.core.money.CurrencyCode;
import dev.payrail.core.reconciliation.RecordedItem;
import dev.payrail.core.reconciliation.SettlementMatcher;
import dev.payrail.core.reconciliation.SettlementRow;
import dev.payrail.core.reconciliation.SettlementType;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Payrail's records of one provider, as the matcher asks for them. Rows come in batches: {@link #prefetch}
 * loads every capture, refund, dispute, bank-debit return and payout a batch names in five queries, so a million-row report costs a
 * thousand round trips, not a million. Only the weak amount-and-date match asks the database row by row.
 */
final class RecordedItemLookup implements SettlementMatcher.Records {
    private final JdbcClient jdbc;
    private final String provider;
    private final Map<String, RecordedItem> byProvider = new HashMap<>();
    private final Map<String, RecordedItem> byMerchant = new HashMap<>();
    /** Items matched in this run, so that the weak match does not take one twice. */
    private final Set<String> matchedThisRun = new HashSet<>();

    RecordedItemLookup(JdbcClient jdbc, String provider) {
        this.jdbc = jdbc;
        this.provider = provider;
    }

    void prefetch(List<SettlementRow> batch) {
        byProvider.clear();
        byMerchant.clear();
        String[] references = batch.stream().flatMap(r -> java.util.stream.Stream.of(r.providerReference(), r.paymentReference()))
                .filter(java.util.Objects::nonNull).distinct().toArray(String[]::new);
        String[] merchantReferences = batch.stream().map(SettlementRow::merchantReference).filter(java.util.Objects::nonNull)
                .distinct().toArray(String[]::new);
        jdbc.sql("""
                        select p.id, p.provider_reference, p.currency, p.amount_captured, p.amount, p.status,
                               coalesce(e.created_at, p.updated_at) as recorded_at
                        from reconciliation_payments p left join reconciliation_journal_entries e on e.event = 'capture' and e.source_id = p.id
                        where p.provider = ? and (p.provider_reference = any(?) or p.id = any(?))""")
                .params(provider, references, merchantReferences)
                .query(rs -> {
                    RecordedItem item = capture(rs);
                    index(item);
                });
        jdbc.sql("""
                        select r.id, r.provider_reference, o.id as operation, r.currency, r.amount, r.status, r.updated_at
                        from reconciliation_refunds r join reconciliation_payments p on p.id = r.payment_id
                        left join reconciliation_provider_operations o on o.refund_id = r.id
                        where p.provider = ? and (r.provider_reference = any(?) or o.id = any(?))""")
                .params(provider, references, merchantReferences)
                .query(rs -> {
                    index(new RecordedItem(rs.getString("id"), SettlementType.REFUND, rs.getString("provider_reference"),
                            rs.getString("operation"), CurrencyCode.of(rs.getString("currency").strip()), rs.getLong("amount"),
                            rs.getTimestamp("updated_at").toInstant(), "succeeded".equals(rs.getString("status")),
                            rs.getString("status")));
                });
        jdbc.sql("""
                        select d.id, d.provider_dispute_id, p.provider_reference, d.payment_id, d.currency, d.amount, d.status,
                               d.funds_withdrawn, d.created_at
                        from reconciliation_disputes d join reconciliation_payments p on p.id = d.payment_id
                        where d.provider = ? and (d.provider_dispute_id = any(?) or p.provider_reference = any(?))""")
                .params(provider, references, references)
                .query(rs -> {
                    RecordedItem item = new RecordedItem(rs.getString("id"), SettlementType.CHARGEBACK,
                            rs.getString("provider_dispute_id"), rs.getString("payment_id"),
                            CurrencyCode.of(rs.getString("currency").strip()), rs.getLong("amount"),
                            rs.getTimestamp("created_at").toInstant(), rs.getBoolean("funds_withdrawn"), rs.getString("status"));
                    index(item);
                    // Adyen names a chargeback by the payment's pspReference
                    byProvider.putIfAbsent(key(SettlementType.CHARGEBACK, rs.getString("provider_reference")), item);
                });
        prefetchReturns(references);
        prefetchPayouts(references);
    }

    /**
     * Bank debits the payer's bank took back: Stripe's report lists each as a dispute of the charge, under the
     * dispute's id, which Payrail kept as the return's reference. They are Payrail's record of that row.
     */
    private void prefetchReturns(String[] references) {
        jdbc.sql("""
                        select id, return_reference, currency, amount_returned, returned_at from reconciliation_payments
                        where provider = ? and amount_returned > 0 and return_reference = any(?)""")
                .params(provider, references)
                .query(rs -> {
                    index(new RecordedItem(rs.getString("id"), SettlementType.CHARGEBACK, rs.getString("return_reference"),
                            rs.getString("id"), CurrencyCode.of(rs.getString("currency").strip()), rs.getLong("amount_returned"),
                            rs.getTimestamp("returned_at").toInstant(), true, "returned"));
                });
    }

    private void prefetchPayouts(String[] references) {
        jdbc.sql("""
                        select id, provider_reference, currency, amount, status, updated_at from reconciliation_payouts
                        where provider = ? and provider_reference = any(?)""")
                .params(provider, references)
                .query(rs -> {
                    index(new RecordedItem(rs.getString("id"), SettlementType.PAYOUT, rs.getString("provider_reference"),
                            rs.getString("id"), CurrencyCode.of(rs.getString("currency").strip()), rs.getLong("amount"),
                            rs.getTimestamp("updated_at").toInstant(),
                            "in_transit".equals(rs.getString("status")) || "paid".equals(rs.getString("status")),
                            rs.getString("status")));
                });
    }

    void matched(RecordedItem item) {
        matchedThisRun.add(item.type() + ":" + item.id());
    }

    @Override
    public Optional<RecordedItem> byProviderReference(SettlementType type, String reference) {
        return Optional.ofNullable(byProvider.get(key(type, reference)));
    }

    @Override
    public Optional<RecordedItem> byMerchantReference(SettlementType type, String reference) {
        return Optional.ofNullable(byMerchant.get(key(type, reference)));
    }

    @Override
    public Optional<RecordedItem> byAmount(SettlementType type, CurrencyCode currency, long amount, Instant around, Duration window) {
        if (type != SettlementType.CAPTURE) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select p.id, p.provider_reference, p.currency, p.amount_captured, p.amount, p.status,
                               e.created_at as recorded_at
                        from reconciliation_payments p join reconciliation_journal_entries e on e.event = 'capture' and e.source_id = p.id
                        where p.provider = ? and p.currency = ? and p.amount_captured = ?
                          and e.created_at between ? and ?
                          and not exists (select 1 from settled_items s where s.item_type = 'capture' and s.item_id = p.id)
                        order by e.created_at limit 20""")
                .params(provider, currency.code(), amount, Timestamp.from(around.minus(window)), Timestamp.from(around.plus(window)))
                .query((rs, n) -> capture(rs)).list().stream()
                .filter(item -> !matchedThisRun.contains(item.type() + ":" + item.id()))
                .findFirst();
    }

    private void index(RecordedItem item) {
        if (item.providerReference() != null) {
            byProvider.put(key(item.type(), item.providerReference()), item);
        }
        if (item.merchantReference() != null) {
            byMerchant.put(key(item.type(), item.merchantReference()), item);
        }
    }

    private static RecordedItem capture(ResultSet rs) throws SQLException {
        long captured = rs.getLong("amount_captured");
        return new RecordedItem(rs.getString("id"), SettlementType.CAPTURE, rs.getString("provider_reference"),
                rs.getString("id"), CurrencyCode.of(rs.getString("currency").strip()), captured > 0 ? captured : rs.getLong("amount"),
                rs.getTimestamp("recorded_at").toInstant(), captured > 0, rs.getString("status"));
    }

    private static String key(SettlementType type, String reference) {
        return type.name() + "|" + reference;
    }
}
