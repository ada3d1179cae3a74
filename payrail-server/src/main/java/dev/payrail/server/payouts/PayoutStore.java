package dev.payrail.server.payouts;

import dev.payrail.core.money.CurrencyCode;
import dev.payrail.core.money.Money;
import dev.payrail.core.payouts.PayoutStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@Repository
class PayoutStore {
    private static final String COLUMNS = "id, merchant_id, amount, currency, destination, status, automatic, provider,"
            + " provider_reference, outcome_unknown, failure_code, send_at, sending_started_at, created_at";
    private static final RowMapper<Payout> MAPPER = (rs, n) -> new Payout(rs.getString("id"), rs.getString("merchant_id"),
            new Money(rs.getLong("amount"), CurrencyCode.of(rs.getString("currency").strip())), rs.getString("destination"),
            PayoutStatus.fromWireName(rs.getString("status")).orElseThrow(), rs.getBoolean("automatic"),
            rs.getString("provider"), rs.getString("provider_reference"), rs.getBoolean("outcome_unknown"),
            rs.getString("failure_code"), rs.getTimestamp("send_at").toInstant(),
            rs.getTimestamp("sending_started_at") == null ? null : rs.getTimestamp("sending_started_at").toInstant(),
            rs.getTimestamp("created_at").toInstant());

    private final JdbcClient jdbc;

    PayoutStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Payout insert(String id, String merchantId, Money amount, String destination, boolean automatic, String provider, Instant sendAt) {
        return jdbc.sql("insert into payouts (id, merchant_id, amount, currency, destination, status, automatic, provider, send_at)"
                        + " values (?, ?, ?, ?, ?, 'pending', ?, ?, ?) returning " + COLUMNS)
                .params(id, merchantId, amount.minorUnits(), amount.currency().code(), destination, automatic,
                        provider, Timestamp.from(sendAt))
                .query(MAPPER).single();
    }

    /** A merchant's automatic payouts: manual (none), daily, or weekly on {@code weeklyAnchor}, to {@code destination}. */
    void saveSchedule(String merchantId, String interval, String weeklyAnchor, String destination) {
        jdbc.sql("""
                        insert into payout_schedules (merchant_id, interval, weekly_anchor, destination) values (?, ?, ?, ?)
                        on conflict (merchant_id) do update set interval = excluded.interval,
                            weekly_anchor = excluded.weekly_anchor, destination = excluded.destination""")
                .params(merchantId, interval, weeklyAnchor, destination)
                .update();
    }

    Optional<String> latestCaptureProvider(String merchantId, String currency) {
        return jdbc.sql("""
                        select provider from payouts_payments where merchant_id = ? and currency = ? and amount_captured > 0
                        order by created_at desc limit 1""")
                .params(merchantId, currency).query(String.class).optional();
    }

    Optional<Payout> find(String merchantId, String id) {
        return jdbc.sql("select " + COLUMNS + " from payouts where id = ? and merchant_id = ?").params(id, merchantId)
                .query(MAPPER).optional();
    }

    Optional<Payout> findAny(String id) {
        return jdbc.sql("select " + COLUMNS + " from payouts where id = ?").param(id).query(MAPPER).optional();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    Payout lock(String id) {
        return jdbc.sql("select " + COLUMNS + " from payouts where id = ? for update").param(id).query(MAPPER).single();
    }

    /** Claims a pending payout for sending; empty if another sender (or a cancel) got it first. */
    Optional<Payout> startSending(String id) {
        return jdbc.sql("update payouts set sending_started_at = now(), updated_at = now()"
                        + " where id = ? and status = 'pending' and sending_started_at is null returning " + COLUMNS)
                .param(id).query(MAPPER).optional();
    }

    List<String> dueToSend(Instant asOf, int limit) {
        return jdbc.sql("select id from payouts where status = 'pending' and sending_started_at is null and send_at <= ?"
                        + " order by send_at limit ?")
                .params(Timestamp.from(asOf), limit).query(String.class).list();
    }

    /** In transit, or pending with a send whose outcome is unknown (or that a crash interrupted). */
    List<String> toTrack(Instant startedBefore, int limit) {
        return jdbc.sql("""
                        select id from payouts
                        where status = 'in_transit'
                           or (status = 'pending' and sending_started_at is not null and sending_started_at < ?)
                        order by updated_at limit ?""")
                .params(Timestamp.from(startedBefore), limit).query(String.class).list();
    }

    void save(Payout p) {
        jdbc.sql("""
                        update payouts set status = ?, provider_reference = ?, outcome_unknown = ?, failure_code = ?,
                                           updated_at = now() where id = ?""")
                .params(p.status().wireName(), p.providerReference(), p.outcomeUnknown(), p.failureCode(), p.id()).update();
    }

    List<Payout> list(String merchantId, Optional<PayoutStatus> status, Optional<Payout> after, int limit) {
        return jdbc.sql("select " + COLUMNS + " from payouts where merchant_id = ? and (?::text is null or status = ?)"
                        + " and (?::timestamptz is null or (created_at, id) < (?::timestamptz, ?))"
                        + " order by created_at desc, id desc limit ?")
                .params(merchantId, status.map(PayoutStatus::wireName).orElse(null), status.map(PayoutStatus::wireName).orElse(null),
                        after.map(p -> Timestamp.from(p.created())).orElse(null), after.map(p -> Timestamp.from(p.created())).orElse(null),
                        after.map(Payout::id).orElse(null), limit)
                .query(MAPPER).list();
    }
}
