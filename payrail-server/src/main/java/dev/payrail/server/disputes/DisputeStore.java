package dev.payrail.server.disputes;

import dev.payrail.core.disputes.DisputeStatus;
import dev.payrail.core.money.CurrencyCode;
import dev.payrail.core.money.Money;
import dev.payrail.server.api.Ids;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Repository
class DisputeStore {
    private static final String COLUMNS = "id, merchant_id, payment_id, provider, provider_dispute_id, amount, currency, status,"
            + " reason, evidence::text as evidence, evidence_submitted_at, due_by, funds_withdrawn, provider_updated_at, created_at";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final RowMapper<Dispute> mapper;

    DisputeStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.mapper = (rs, n) -> new Dispute(rs.getString("id"), rs.getString("merchant_id"), rs.getString("payment_id"),
                rs.getString("provider"), rs.getString("provider_dispute_id"),
                new Money(rs.getLong("amount"), CurrencyCode.of(rs.getString("currency").strip())),
                DisputeStatus.fromWireName(rs.getString("status")).orElseThrow(), rs.getString("reason"),
                json.readValue(rs.getString("evidence"), new TypeReference<Map<String, String>>() {
                }),
                instant(rs.getTimestamp("evidence_submitted_at")), instant(rs.getTimestamp("due_by")),
                rs.getBoolean("funds_withdrawn"), instant(rs.getTimestamp("provider_updated_at")),
                rs.getTimestamp("created_at").toInstant());
    }

    /** A dispute row-locked, and whether this call created it. */
    record Locked(Dispute dispute, boolean created) {
    }

    /** Inserts the dispute unless the provider's dispute is known already; either way returns it, row-locked. */
    Locked insertOrLock(String merchantId, String paymentId, String provider, String providerDisputeId, Money amount,
                         DisputeStatus status, String reason, Instant dueBy, Instant providerTime) {
        int inserted = jdbc.sql("""
                        insert into disputes (id, merchant_id, payment_id, provider, provider_dispute_id, amount, currency, status,
                                              reason, due_by, provider_updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (provider, provider_dispute_id) do nothing""")
                .params(Ids.newId("dp"), merchantId, paymentId, provider, providerDisputeId, amount.minorUnits(),
                        amount.currency().code(), status.wireName(), reason, timestamp(dueBy), timestamp(providerTime))
                .update();
        Dispute dispute = jdbc.sql("select " + COLUMNS + " from disputes where provider = ? and provider_dispute_id = ? for update")
                .params(provider, providerDisputeId).query(mapper).single();
        return new Locked(dispute, inserted == 1);
    }

    Optional<Dispute> findByProvider(String provider, String providerDisputeId) {
        return jdbc.sql("select " + COLUMNS + " from disputes where provider = ? and provider_dispute_id = ?")
                .params(provider, providerDisputeId).query(mapper).optional();
    }

    Optional<Dispute> find(String merchantId, String id) {
        return jdbc.sql("select " + COLUMNS + " from disputes where id = ? and merchant_id = ?")
                .params(id, merchantId).query(mapper).optional();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Dispute> lock(String merchantId, String id) {
        return jdbc.sql("select " + COLUMNS + " from disputes where id = ? and merchant_id = ? for update")
                .params(id, merchantId).query(mapper).optional();
    }

    List<Dispute> list(String merchantId, Optional<DisputeStatus> status, Optional<Dispute> after, int limit) {
        return jdbc.sql("select " + COLUMNS + " from disputes where merchant_id = ? and (?::text is null or status = ?)"
                        + " and (?::timestamptz is null or (created_at, id) < (?::timestamptz, ?))"
                        + " order by created_at desc, id desc limit ?")
                .params(merchantId, status.map(DisputeStatus::wireName).orElse(null), status.map(DisputeStatus::wireName).orElse(null),
                        after.map(d -> timestamp(d.created())).orElse(null), after.map(d -> timestamp(d.created())).orElse(null),
                        after.map(Dispute::id).orElse(null), limit)
                .query(mapper).list();
    }

    void update(Dispute d) {
        jdbc.sql("""
                        update disputes set status = ?, reason = ?, evidence = ?::jsonb, evidence_submitted_at = ?, due_by = ?,
                                            funds_withdrawn = ?, provider_updated_at = ?, amount = ?, updated_at = now()
                        where id = ?""")
                .params(d.status().wireName(), d.reason(), json.writeValueAsString(d.evidence()),
                        timestamp(d.evidenceSubmittedAt()), timestamp(d.dueBy()), d.fundsWithdrawn(),
                        timestamp(d.providerUpdatedAt()), d.amount().minorUnits(), d.id())
                .update();
    }

    /** Disputes awaiting the merchant's response: due within {@code window}, and already past due. */
    long[] awaitingResponse(java.time.Duration window) {
        return jdbc.sql("""
                        select count(*) filter (where due_by between now() and now() + make_interval(secs => ?)),
                               count(*) filter (where due_by < now())
                        from disputes where status in ('warning_needs_response', 'needs_response')""")
                .param((double) window.toSeconds())
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
