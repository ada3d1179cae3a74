package dev.payrail.server.ledger;

import dev.payrail.core.money.CurrencyCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads of the merchant-facing ledger: funds per currency and balance transactions. */
@Repository
public class Balances {
    private static final String TRANSACTION_COLUMNS = """
            t.id, t.type, t.source_id, t.currency, t.amount, t.fee, t.net, t.available_on, t.created_at,
            exists (select 1 from settlements_due d where d.balance_transaction_id = t.id) as pending""";

    /** Available and pending funds, one {amount, currency} per currency. */
    public record Funds(List<Map<String, Object>> available, List<Map<String, Object>> pending) {
    }

    private final JdbcClient jdbc;

    Balances(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Funds of(String merchantId) {
        List<Map<String, Object>> available = new ArrayList<>();
        List<Map<String, Object>> pending = new ArrayList<>();
        jdbc.sql("""
                        select account_type, currency, -sum(debit_minus_credit) as funds from account_balances
                        where account_owner = ? and account_type in ('merchant_available', 'merchant_pending')
                        group by account_type, currency order by currency""")
                .param(merchantId)
                .query(rs -> {
                    Map<String, Object> amount = new LinkedHashMap<>();
                    amount.put("amount", rs.getLong("funds"));
                    amount.put("currency", CurrencyCode.of(rs.getString("currency").strip()).wireName());
                    ("merchant_available".equals(rs.getString("account_type")) ? available : pending).add(amount);
                });
        return new Funds(available, pending);
    }

    /** The merchant's available funds in one currency, with the row locked until the transaction ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long lockAvailable(String merchantId, CurrencyCode currency) {
        return jdbc.sql("""
                        select -debit_minus_credit from account_balances
                        where account_owner = ? and account_type = 'merchant_available' and currency = ? and bucket = 0
                        for update""")
                .params(merchantId, currency.code())
                .query(Long.class).optional().orElse(0L);
    }

    /** The merchant's available funds, one amount per currency that has any. */
    public List<dev.payrail.core.money.Money> availableFunds(String merchantId) {
        return jdbc.sql("""
                        select currency, -debit_minus_credit as funds from account_balances
                        where account_owner = ? and account_type = 'merchant_available' and bucket = 0
                          and debit_minus_credit < 0""")
                .param(merchantId)
                .query((rs, n) -> new dev.payrail.core.money.Money(rs.getLong("funds"), CurrencyCode.of(rs.getString("currency").strip())))
                .list();
    }

    Optional<Long> position(String merchantId, String id) {
        return jdbc.sql("select seq from balance_transactions where id = ? and merchant_id = ?")
                .params(id, merchantId).query(Long.class).optional();
    }

    List<Map<String, Object>> transactions(String merchantId, Optional<String> type, Instant from, Instant until, long before,
                                           int limit) {
        return jdbc.sql("select " + TRANSACTION_COLUMNS + " from balance_transactions t"
                        + " where t.merchant_id = ? and t.seq < ? and (?::text is null or t.type = ?)"
                        + " and t.created_at between ? and ? order by t.seq desc limit ?")
                .params(merchantId, before, type.orElse(null), type.orElse(null), Timestamp.from(from), Timestamp.from(until), limit)
                .query((rs, n) -> transaction(rs)).list();
    }

    Optional<Map<String, Object>> transaction(String merchantId, String id) {
        return jdbc.sql("select " + TRANSACTION_COLUMNS + " from balance_transactions t where t.id = ? and t.merchant_id = ?")
                .params(id, merchantId).query((rs, n) -> transaction(rs)).optional();
    }

    /**
     * The balance transaction of the journal entry {@code event} booked for {@code sourceId} (a payment's capture, a
     * refund's request), found through the entry's own unique (event, source) key.
     */
    public Optional<Map<String, Object>> transactionOf(String merchantId, dev.payrail.core.ledger.PostingEvent event,
                                                      String sourceId) {
        return jdbc.sql("select " + TRANSACTION_COLUMNS + " from journal_entries e join balance_transactions t on t.entry_id = e.id"
                        + " where e.event = ? and e.source_id = ? and t.merchant_id = ?")
                .params(event.wireName(), sourceId, merchantId).query((rs, n) -> transaction(rs)).optional();
    }

    private static Map<String, Object> transaction(ResultSet rs) throws SQLException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", rs.getString("id"));
        json.put("object", "balance_transaction");
        json.put("type", rs.getString("type"));
        json.put("source", rs.getString("source_id"));
        json.put("amount", rs.getLong("amount"));
        json.put("fee", rs.getLong("fee"));
        json.put("net", rs.getLong("net"));
        json.put("currency", CurrencyCode.of(rs.getString("currency").strip()).wireName());
        json.put("status", rs.getBoolean("pending") ? "pending" : "available");
        json.put("available_on", rs.getTimestamp("available_on").toInstant().getEpochSecond());
        json.put("created", rs.getTimestamp("created_at").toInstant().getEpochSecond());
        return json;
    }
}
