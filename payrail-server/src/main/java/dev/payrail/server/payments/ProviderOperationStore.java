package dev.payrail.server.payments;

import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.OperationStatus;
import dev.payrail.server.api.Ids;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Requests sent to providers, and the queue of those whose outcome is still unknown. */
@Repository
class ProviderOperationStore {
    private static final String COLUMNS = "id, payment_id, refund_id, kind, amount, reason, provider, status, lookups,"
            + " created_at, (select p.provider_reference from payments p where p.id = payment_id) as payment_provider_reference";

    /** The wire names of the open statuses, for SQL: the enum decides which they are. */
    private static final String[] OPEN = Arrays.stream(OperationStatus.values()).filter(OperationStatus::open)
            .map(OperationStatus::wireName).toArray(String[]::new);

    private final JdbcClient jdbc;
    private final RowMapper<ProviderOperation> mapper = (rs, n) -> new ProviderOperation(rs.getString("id"),
            rs.getString("payment_id"), rs.getString("refund_id"), OperationKind.fromWireName(rs.getString("kind")),
            rs.getObject("amount", Long.class), rs.getString("reason"), rs.getString("provider"),
            OperationStatus.fromWireName(rs.getString("status")).orElseThrow(), rs.getInt("lookups"), rs.getTimestamp("created_at").toInstant(),
            rs.getString("payment_provider_reference"));

    ProviderOperationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    ProviderOperation open(String paymentId, String refundId, OperationKind kind, Long amount, String reason,
                           String provider) {
        return jdbc.sql("insert into provider_operations (id, payment_id, refund_id, kind, amount, reason, provider, status)"
                        + " values (?, ?, ?, ?, ?, ?, ?, 'in_flight') returning " + COLUMNS)
                .params(Ids.newId("op"), paymentId, refundId, kind.wireName(), amount, reason, provider)
                .query(mapper).single();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    ProviderOperation lock(String id) {
        return jdbc.sql("select " + COLUMNS + " from provider_operations where id = ? for update")
                .param(id).query(mapper).single();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void finish(String id, OperationStatus status, String providerReference, String detail) {
        finish(id, status, providerReference, detail, null);
    }

    /** Closes the operation; {@code declineCode}: the issuer's decline, when it declined (what retry limits count). */
    @Transactional(propagation = Propagation.MANDATORY)
    void finish(String id, OperationStatus status, String providerReference, String detail, String declineCode) {
        if (status.open()) {
            throw new IllegalArgumentException("an operation finishes closed, not " + status.wireName());
        }
        jdbc.sql("""
                update provider_operations set status = ?, provider_reference = ?, detail = ?, decline_code = ?,
                       completed_at = now(), next_check_at = null
                where id = ?""")
                .params(status.wireName(), providerReference, detail, declineCode, id).update();
    }

    /**
     * The declined authorizations of a card (a saved payment method) at its merchant completed since each of two
     * instants: what the card networks' retry limits count.
     */
    dev.payrail.core.retries.NetworkRetryLimits.CardDeclines declinesOf(String merchantId, String paymentMethodId,
                                                                        Instant dayAgo, Instant monthAgo) {
        return jdbc.sql("""
                        select count(*) filter (where o.completed_at > ?) as day, count(*) as month
                        from provider_operations o join payments p on p.id = o.payment_id
                        where p.merchant_id = ? and p.payment_method = ? and o.kind = 'authorize'
                          and o.decline_code is not null and o.completed_at > ?""")
                .params(java.sql.Timestamp.from(dayAgo), merchantId, paymentMethodId, java.sql.Timestamp.from(monthAgo))
                .query((rs, row) -> new dev.payrail.core.retries.NetworkRetryLimits.CardDeclines(rs.getInt("day"),
                        rs.getInt("month"))).single();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void markUnknown(String id, String detail, Instant nextCheck) {
        jdbc.sql("update provider_operations set status = 'unknown', detail = ?, next_check_at = ? where id = ?")
                .params(detail, Timestamp.from(nextCheck), id).update();
    }

    /** The provider waits for the customer: the operation stays open, and is asked about from {@code nextCheck} on. */
    @Transactional(propagation = Propagation.MANDATORY)
    void awaitCustomer(String id, String providerReference, Instant nextCheck) {
        jdbc.sql("update provider_operations set status = 'requires_action', provider_reference = ?, next_check_at = ? where id = ?")
                .params(providerReference, Timestamp.from(nextCheck), id).update();
    }

    /** The provider accepted it and decides by itself: the operation stays open, asked about from {@code nextCheck} on. */
    @Transactional(propagation = Propagation.MANDATORY)
    void awaitProvider(String id, String providerReference, Instant nextCheck) {
        jdbc.sql("update provider_operations set status = 'pending', provider_reference = ?, next_check_at = ? where id = ?")
                .params(providerReference, Timestamp.from(nextCheck), id).update();
    }

    /**
     * Takes up to {@code limit} operations to ask the provider about, leasing them for {@code lease} so
     * that another instance's resolver skips them meanwhile: unknown ones, ones waiting for the customer or their bank
     * that are due, and in-flight
     * ones older than {@code staleAfter}, whose process died between sending and recording the answer.
     */
    List<ProviderOperation> leaseDue(int limit, Duration lease, Duration staleAfter) {
        // two index ranges, never a scan of all operations: the open ones due (provider_operations_to_check) and the
        // in-flight ones old enough to be stale (provider_operations_in_flight)
        return jdbc.sql("""
                with open_due as (
                    select id, next_check_at from provider_operations
                    where status in ('unknown', 'requires_action', 'pending') and next_check_at <= now()
                    order by next_check_at limit ? for update skip locked),
                stale as (
                    select id, next_check_at from provider_operations
                    where status = 'in_flight' and created_at < now() - make_interval(secs => ?)
                      and (next_check_at is null or next_check_at <= now())
                    order by created_at limit ? for update skip locked)
                update provider_operations set next_check_at = now() + make_interval(secs => ?), lookups = lookups + 1
                where id in (select id from (select * from open_due union all select * from stale) due
                             order by next_check_at nulls first limit ?)
                returning\s""" + COLUMNS)
                .params(limit, (double) staleAfter.toSeconds(), limit, (double) lease.toSeconds(), limit)
                .query(mapper).list();
    }

    void scheduleCheck(String id, Instant next) {
        jdbc.sql("update provider_operations set next_check_at = ? where id = ? and status in ('unknown', 'in_flight', 'requires_action', 'pending')")
                .params(Timestamp.from(next), id).update();
    }

    /** An operation's status, if it is {@code provider}'s operation of that kind. */
    Optional<OperationStatus> status(String id, String provider, OperationKind kind) {
        return jdbc.sql("select status from provider_operations where id = ? and provider = ? and kind = ?")
                .params(id, provider, kind.wireName()).query(String.class).optional()
                .map(wire -> OperationStatus.fromWireName(wire).orElseThrow());
    }

    /** The payment's operation of that kind that the provider knows as {@code providerReference}: its id and status. */
    Optional<java.util.Map.Entry<String, OperationStatus>> byReference(String paymentId, String provider, OperationKind kind,
                                                                       String providerReference) {
        return jdbc.sql("""
                        select id, status from provider_operations
                        where payment_id = ? and provider = ? and kind = ? and provider_reference = ?
                        order by created_at desc limit 1""")
                .params(paymentId, provider, kind.wireName(), providerReference)
                .query((rs, n) -> java.util.Map.entry(rs.getString("id"),
                        OperationStatus.fromWireName(rs.getString("status")).orElseThrow()))
                .optional();
    }

    /** The payment's oldest operation of that kind at that provider still open: what a notification without our id settles. */
    Optional<String> oldestOpen(String paymentId, String provider, OperationKind kind) {
        return jdbc.sql("""
                        select id from provider_operations
                        where payment_id = ? and provider = ? and kind = ? and status = any(?)
                        order by created_at limit 1""")
                .params(paymentId, provider, kind.wireName(), OPEN)
                .query(String.class).optional();
    }

    boolean anyUnknown(String paymentId) {
        return jdbc.sql("select exists (select 1 from provider_operations where payment_id = ? and status = 'unknown')")
                .param(paymentId).query(Boolean.class).single();
    }

    long countUnknown() {
        return jdbc.sql("select count(*) from provider_operations where status = 'unknown'").query(Long.class).single();
    }
}
