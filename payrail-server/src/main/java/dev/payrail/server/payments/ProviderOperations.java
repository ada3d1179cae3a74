package dev.payrail.server.payments;

import dev.payrail.core.providers.OperationKind;
import dev.payrail.server.api.Ids;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Requests sent to providers, and the queue of those whose outcome is still unknown. */
@Repository
class ProviderOperations {
    private static final String COLUMNS = "id, payment_id, refund_id, kind, amount, reason, provider, status, lookups,"
            + " created_at, (select p.provider_reference from payments p where p.id = payment_id) as payment_provider_reference";

    private final JdbcClient jdbc;
    private final RowMapper<ProviderOperation> mapper = (rs, n) -> new ProviderOperation(rs.getString("id"),
            rs.getString("payment_id"), rs.getString("refund_id"), OperationKind.fromWireName(rs.getString("kind")),
            rs.getObject("amount", Long.class), rs.getString("reason"), rs.getString("provider"),
            rs.getString("status"), rs.getInt("lookups"), rs.getTimestamp("created_at").toInstant(),
            rs.getString("payment_provider_reference"));

    ProviderOperations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    ProviderOperation open(String paymentId, String refundId, OperationKind kind, Long amount, String reason,
                           String provider) {
        return jdbc.sql("insert into provider_operations (id, payment_id, refund_id, kind, amount, reason, provider, status)"
                        + " values (?, ?, ?, ?, ?, ?, ?, 'in_flight') returning " + COLUMNS)
                .params(Ids.newId("op"), paymentId, refundId, kind.wireName(), amount, reason, provider)
                .query(mapper).single();
    }

    ProviderOperation lock(String id) {
        return jdbc.sql("select " + COLUMNS + " from provider_operations where id = ? for update")
                .param(id).query(mapper).single();
    }

    void finish(String id, String status, String providerReference, String detail) {
        jdbc.sql("""
                update provider_operations set status = ?, provider_reference = ?, detail = ?, completed_at = now(),
                       next_check_at = null
                where id = ?""")
                .params(status, providerReference, detail, id).update();
    }

    void markUnknown(String id, String detail, Instant nextCheck) {
        jdbc.sql("update provider_operations set status = 'unknown', detail = ?, next_check_at = ? where id = ?")
                .params(detail, Timestamp.from(nextCheck), id).update();
    }

    /**
     * Takes up to {@code limit} operations to ask the provider about, leasing them for {@code lease} so
     * that another instance's resolver skips them meanwhile: unknown ones that are due, and in-flight
     * ones older than {@code staleAfter}, whose process died between sending and recording the answer.
     */
    List<ProviderOperation> leaseDue(int limit, Duration lease, Duration staleAfter) {
        return jdbc.sql("""
                update provider_operations set next_check_at = now() + make_interval(secs => ?), lookups = lookups + 1
                where id in (select id from provider_operations
                             where (status = 'unknown' and next_check_at <= now())
                                or (status = 'in_flight' and created_at < now() - make_interval(secs => ?)
                                    and (next_check_at is null or next_check_at <= now()))
                             order by next_check_at nulls first limit ? for update skip locked)
                returning\s""" + COLUMNS)
                .params((double) lease.toSeconds(), (double) staleAfter.toSeconds(), limit)
                .query(mapper).list();
    }

    void scheduleCheck(String id, Instant next) {
        jdbc.sql("update provider_operations set next_check_at = ? where id = ? and status in ('unknown', 'in_flight')")
                .params(Timestamp.from(next), id).update();
    }

    boolean anyUnknown(String paymentId) {
        return jdbc.sql("select exists (select 1 from provider_operations where payment_id = ? and status = 'unknown')")
                .param(paymentId).query(Boolean.class).single();
    }

    long countUnknown() {
        return jdbc.sql("select count(*) from provider_operations where status = 'unknown'").query(Long.class).single();
    }
}
