package dev.payrail.server.checkout;

import dev.payrail.core.checkout.CheckoutSessionStatus;
import dev.payrail.core.money.CurrencyCode;
import dev.payrail.core.money.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The checkout_sessions table: the one place that reads and writes it. */
@Repository
class CheckoutSessionStore {
    private static final String COLUMNS = "id, merchant_id, status, payment_id, amount, currency, description, success_url, "
            + "cancel_url, payment_method_types, expires_at, created_at, completed_at, expired_at, version";

    private final JdbcClient jdbc;

    CheckoutSessionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void insert(CheckoutSession s) {
        jdbc.sql("""
                insert into checkout_sessions (id, merchant_id, status, payment_id, amount, currency, description, success_url,
                                               cancel_url, payment_method_types, expires_at, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, string_to_array(?, ','), ?, ?)""")
                .params(s.id(), s.merchantId(), s.status().wireName(), s.paymentId(), s.amount().minorUnits(),
                        s.amount().currency().code(), s.description(), s.successUrl(), s.cancelUrl(),
                        String.join(",", s.paymentMethodTypes()), Timestamp.from(s.expiresAt()), Timestamp.from(s.created()))
                .update();
    }

    Optional<CheckoutSession> find(String merchantId, String id) {
        return jdbc.sql("select " + COLUMNS + " from checkout_sessions where id = ? and merchant_id = ?")
                .params(id, merchantId).query(CheckoutSessionStore::row).optional();
    }

    /** The page's read: the session id in the URL is the customer's only credential (22 random characters). */
    Optional<CheckoutSession> findAny(String id) {
        return jdbc.sql("select " + COLUMNS + " from checkout_sessions where id = ?").param(id)
                .query(CheckoutSessionStore::row).optional();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    Optional<CheckoutSession> lock(String id) {
        return jdbc.sql("select " + COLUMNS + " from checkout_sessions where id = ? for update").param(id)
                .query(CheckoutSessionStore::row).optional();
    }

    /** The open session paid by {@code paymentId}, locked; none when the payment is not a session's current one. */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<CheckoutSession> lockOpenByPayment(String paymentId) {
        return jdbc.sql("select " + COLUMNS + " from checkout_sessions where payment_id = ? and status = 'open' for update")
                .param(paymentId).query(CheckoutSessionStore::row).optional();
    }

    /** Counts one more submit of the page, returning how many there were with it (the caller holds the lock). */
    @Transactional(propagation = Propagation.MANDATORY)
    int countAttempt(String id) {
        return jdbc.sql("update checkout_sessions set attempts = attempts + 1 where id = ? returning attempts").param(id)
                .query(Integer.class).single();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void replacePayment(CheckoutSession s, String paymentId) {
        requireOne(jdbc.sql("update checkout_sessions set payment_id = ?, version = version + 1 where id = ? and version = ?")
                .params(paymentId, s.id(), s.version()).update(), s);
    }

    /** Writes the session's new status (the caller asked the transition table), with the moment it ended. */
    @Transactional(propagation = Propagation.MANDATORY)
    void end(CheckoutSession s, CheckoutSessionStatus status, Instant at) {
        String column = status == CheckoutSessionStatus.COMPLETE ? "completed_at" : "expired_at";
        requireOne(jdbc.sql("update checkout_sessions set status = ?, " + column + " = ?, version = version + 1 "
                        + "where id = ? and version = ?")
                .params(status.wireName(), Timestamp.from(at), s.id(), s.version()).update(), s);
    }

    /** One session past its time, as the sweeper pages through them: by expiry, then id. */
    record Expiring(String id, Instant expiresAt) {
    }

    /** Open sessions whose time is over, oldest first, after {@code after} (null: from the first). */
    List<Expiring> expiring(Instant now, Expiring after, int limit) {
        return jdbc.sql("""
                        select id, expires_at from checkout_sessions
                        where status = 'open' and expires_at <= ?
                          and (?::timestamptz is null or (expires_at, id) > (?::timestamptz, ?))
                        order by expires_at, id limit ?""")
                .params(Timestamp.from(now), after == null ? null : Timestamp.from(after.expiresAt()),
                        after == null ? null : Timestamp.from(after.expiresAt()), after == null ? null : after.id(), limit)
                .query((rs, n) -> new Expiring(rs.getString("id"), rs.getTimestamp("expires_at").toInstant())).list();
    }

    List<CheckoutSession> list(String merchantId, Optional<CheckoutSession> after, int limit) {
        if (after.isPresent()) {
            return jdbc.sql("select " + COLUMNS + " from checkout_sessions where merchant_id = ? and (created_at, id) < (?, ?) "
                            + "order by created_at desc, id desc limit ?")
                    .params(merchantId, Timestamp.from(after.get().created()), after.get().id(), limit + 1)
                    .query(CheckoutSessionStore::row).list();
        }
        return jdbc.sql("select " + COLUMNS + " from checkout_sessions where merchant_id = ? order by created_at desc, id desc limit ?")
                .params(merchantId, limit + 1).query(CheckoutSessionStore::row).list();
    }

    private static void requireOne(int updated, CheckoutSession s) {
        if (updated != 1) {
            throw new IllegalStateException("checkout session " + s.id() + " changed while row-locked");
        }
    }

    private static CheckoutSession row(ResultSet rs, int n) throws SQLException {
        Array types = rs.getArray("payment_method_types");
        return new CheckoutSession(rs.getString("id"), rs.getString("merchant_id"),
                CheckoutSessionStatus.fromWireName(rs.getString("status")).orElseThrow(), rs.getString("payment_id"),
                new Money(rs.getLong("amount"), CurrencyCode.parse(rs.getString("currency")).orElseThrow()),
                rs.getString("description"), rs.getString("success_url"), rs.getString("cancel_url"),
                List.copyOf(Arrays.asList((String[]) types.getArray())), instant(rs, "expires_at"), instant(rs, "created_at"),
                instant(rs, "completed_at"), instant(rs, "expired_at"), rs.getLong("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
