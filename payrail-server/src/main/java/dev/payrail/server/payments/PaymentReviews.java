package dev.payrail.server.payments;

import dev.payrail.server.api.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The review queue in PostgreSQL: a review opens with the authorization of a payment its risk evaluation held, and
 * closes with the capture (approved) or the void (refused) of that payment, in the transaction that applies it.
 * At most one open review per payment.
 */
@Repository
class PaymentReviews {
    /** A review as stored; {@code status} open, approved or refused. */
    record Review(String id, String merchantId, String paymentId, String status, String reason, Instant openedAt,
                  Instant deadline, Instant closedAt, String closedBy, String closedReason, String comment) {
        boolean open() {
            return "open".equals(status);
        }
    }

    private static final String COLUMNS = "id, merchant_id, payment_id, status, reason, opened_at, deadline, closed_at, "
            + "closed_by, closed_reason, comment";

    private final JdbcClient jdbc;

    PaymentReviews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * When an analyst must decide a payment authorized at {@code authorizedAt}: a day before its authorization is
     * voided by the expiry sweeper ({@code captureWindow} after it), or half the window when that is two days or less.
     */
    static Instant deadline(Instant authorizedAt, Duration captureWindow) {
        Duration margin = captureWindow.compareTo(Duration.ofDays(2)) > 0 ? Duration.ofDays(1) : captureWindow.dividedBy(2);
        return authorizedAt.plus(captureWindow).minus(margin);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    Review open(String merchantId, String paymentId, String reason, Instant at, Instant deadline) {
        String id = Ids.newId("rev");
        jdbc.sql("insert into payment_reviews (id, merchant_id, payment_id, status, reason, opened_at, deadline) "
                        + "values (?, ?, ?, 'open', ?, ?, ?)")
                .params(id, merchantId, paymentId, reason, Timestamp.from(at), Timestamp.from(deadline)).update();
        return get(id);
    }

    /** Closes the payment's open review, if it has one; the review as it became. */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Review> closeOpen(String paymentId, String status, String closedReason, String actor) {
        return jdbc.sql("""
                        update payment_reviews set status = ?, closed_reason = ?, closed_by = ?, closed_at = now()
                        where payment_id = ? and status = 'open' returning id""")
                .params(status, closedReason, actor, paymentId).query(String.class).optional().map(this::get);
    }

    /** The analyst's note, kept with the review (audited with the call that wrote it). */
    void annotate(String id, String comment) {
        jdbc.sql("update payment_reviews set comment = ? where id = ?").params(comment, id).update();
    }

    Optional<Review> find(String merchantId, String id) {
        return jdbc.sql("select " + COLUMNS + " from payment_reviews where id = ? and (? :: text is null or merchant_id = ?)")
                .params(id, merchantId, merchantId).query(PaymentReviews::row).optional();
    }

    /** A merchant's reviews of {@code status} (any merchant's: {@code merchantId} null); open ones by deadline. */
    List<Review> list(String merchantId, String status, int limit) {
        return jdbc.sql("select " + COLUMNS + " from payment_reviews where (? :: text is null or merchant_id = ?) and status = ? "
                        + ("open".equals(status) ? "order by deadline, id" : "order by closed_at desc, id desc") + " limit ?")
                .params(merchantId, merchantId, status, limit).query(PaymentReviews::row).list();
    }

    private Review get(String id) {
        return find(null, id).orElseThrow();
    }

    static Map<String, Object> json(Review r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", r.id());
        json.put("object", "review");
        json.put("livemode", false);
        json.put("payment", r.paymentId());
        json.put("status", r.status());
        json.put("reason", r.reason());
        json.put("opened_at", r.openedAt().getEpochSecond());
        json.put("deadline", r.deadline().getEpochSecond());
        json.put("closed_at", r.closedAt() == null ? null : r.closedAt().getEpochSecond());
        json.put("closed_reason", r.closedReason());
        json.put("comment", r.comment());
        return json;
    }

    private static Review row(ResultSet rs, int n) throws SQLException {
        Timestamp closed = rs.getTimestamp("closed_at");
        return new Review(rs.getString("id"), rs.getString("merchant_id"), rs.getString("payment_id"), rs.getString("status"),
                rs.getString("reason"), rs.getTimestamp("opened_at").toInstant(), rs.getTimestamp("deadline").toInstant(),
                closed == null ? null : closed.toInstant(), rs.getString("closed_by"), rs.getString("closed_reason"),
                rs.getString("comment"));
    }
}
