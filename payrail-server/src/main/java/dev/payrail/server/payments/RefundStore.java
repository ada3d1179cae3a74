package dev.payrail.server.payments;

import dev.payrail.core.money.Money;
import dev.payrail.core.payments.RefundStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.payrail.server.database.FilteredQuery;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/** Refunds in PostgreSQL. A status change names the status it leaves, so it happens once. */
@Repository
class RefundStore {
    private static final String COLUMNS = """
            id, merchant_id, payment_id, amount, currency, status, reason, provider_reference, failure_code,
            outcome_unknown, created_at""";

    private final JdbcClient jdbc;
    private final RowMapper<Refund> mapper = (rs, n) -> new Refund(rs.getString("id"), rs.getString("merchant_id"),
            rs.getString("payment_id"), Money.of(rs.getLong("amount"), rs.getString("currency")),
            RefundStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), rs.getString("reason"),
            rs.getString("provider_reference"), rs.getString("failure_code"), rs.getBoolean("outcome_unknown"),
            rs.getTimestamp("created_at").toInstant());

    RefundStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    Refund insertPending(String id, String merchantId, String paymentId, Money amount, String reason) {
        return jdbc.sql("insert into refunds (id, merchant_id, payment_id, amount, currency, status, reason)"
                        + " values (?, ?, ?, ?, ?, 'pending', ?) returning " + COLUMNS)
                .params(id, merchantId, paymentId, amount.minorUnits(), amount.currency().code(), reason)
                .query(mapper).single();
    }

    Optional<Refund> find(String merchantId, String id) {
        return jdbc.sql("select " + COLUMNS + " from refunds where id = ? and merchant_id = ?")
                .params(id, merchantId).query(mapper).optional();
    }

    Refund get(String id) {
        return jdbc.sql("select " + COLUMNS + " from refunds where id = ?").param(id).query(mapper).single();
    }

    List<Refund> ofPayment(String paymentId) {
        return jdbc.sql("select " + COLUMNS + " from refunds where payment_id = ? order by created_at, id")
                .param(paymentId).query(mapper).list();
    }

    /** A page of the merchant's refunds, newest first, one row more than the limit (whether there are more). */
    List<Refund> list(String merchantId, RefundListQuery query) {
        FilteredQuery filtered = new FilteredQuery("select " + COLUMNS + " from refunds where merchant_id = :merchant")
                .and("status = :status", "status", query.status().map(RefundStatus::wireName).orElse(null))
                .and("payment_id = :payment", "payment", query.payment().orElse(null))
                .and("created_at >= :gte", "gte", query.createdGte().map(Timestamp::from).orElse(null))
                .and("created_at <= :lte", "lte", query.createdLte().map(Timestamp::from).orElse(null));
        query.after().ifPresent(cursor -> filtered.and("(created_at, id) < (:cursorCreated, :cursorId)",
                Map.of("cursorCreated", Timestamp.from(cursor.created()), "cursorId", cursor.id())));
        filtered.then("order by created_at desc, id desc limit :limit", Map.of("merchant", merchantId, "limit", query.limit() + 1));
        return jdbc.sql(filtered.sql()).params(filtered.params()).query(mapper).list();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void settle(Refund refund, RefundStatus next, String providerReference, String failureCode) {
        refund.status().requireMoveTo(next);
        int updated = jdbc.sql("""
                update refunds set status = ?, provider_reference = ?, failure_code = ?, outcome_unknown = false,
                       updated_at = now()
                where id = ? and status = ?""")
                .params(next.wireName(), providerReference, failureCode, refund.id(), refund.status().wireName())
                .update();
        if (updated != 1) {
            throw new IllegalStateException("refund " + refund.id() + " changed under a row-locked payment");
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void markOutcomeUnknown(String id) {
        jdbc.sql("update refunds set outcome_unknown = true, updated_at = now() where id = ?").param(id).update();
    }
}
