package dev.payrail.server.disputes;

import dev.payrail.server.api.Ids;
import dev.payrail.server.events.EventLog;
import dev.payrail.server.risk.RiskAdministration;
import dev.payrail.server.risk.RiskSettings;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Early fraud warnings ({@code early_fraud_warnings}): the issuer's fraud report on a payment, as a provider passes it
 * on. The first report of a warning records it on its payment with the merchant's event
 * ({@code early_fraud_warning.created}) in one transaction; the same report again changes nothing. When the merchant
 * has {@code refund_on_early_fraud_warning} on and the payment is not disputed, the warning waits for
 * {@link EarlyFraudWarningRefunds} ({@code auto_refund: pending}), which refunds outside this transaction: a provider
 * is never called while a webhook's transaction is open. The reported card is blocked at the merchant in the same
 * commit (a block list entry for its fingerprint): the cardholder said it was not them, so its next attempt is refused
 * before any provider call.
 */
@Component
public class EarlyFraudWarnings {
    /** What became of a warning notification. */
    public enum Applied { APPLIED, ALREADY_REFLECTED, UNKNOWN_PAYMENT }

    /** One warning as stored. */
    record Warning(String id, String merchantId, String paymentId, String provider, String providerWarningId, String fraudType,
                   boolean actionable, Instant reportedAt, Instant created, String autoRefund, String refundId, String note) {
    }

    private static final String COLUMNS = "id, merchant_id, payment_id, provider, provider_warning_id, fraud_type, actionable, "
            + "reported_at, created_at, auto_refund, refund_id, auto_refund_note";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final EventLog events;
    private final RiskSettings settings;
    private final RiskAdministration risk;

    EarlyFraudWarnings(JdbcClient jdbc, TransactionTemplate transactions, EventLog events, RiskSettings settings,
                       RiskAdministration risk) {
        this.risk = risk;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.settings = settings;
    }

    public Applied apply(String provider, FraudWarningNotice notice) {
        return transactions.execute(status -> {
            Optional<String[]> payment = payment(provider, notice);
            if (payment.isEmpty()) {
                return Applied.UNKNOWN_PAYMENT;
            }
            String paymentId = payment.get()[0];
            String merchantId = payment.get()[1];
            boolean disputed = jdbc.sql("select exists (select 1 from disputes where payment_id = ?)").param(paymentId)
                    .query(Boolean.class).single();
            boolean actionable = notice.actionable() && !disputed;
            String autoRefund = actionable && settings.refundsOnEarlyFraudWarning(merchantId) ? "pending" : "off";
            String fraudType = FraudWarningNotice.FRAUD_TYPES.contains(notice.fraudType()) ? notice.fraudType() : "misc";
            Optional<Warning> inserted = jdbc.sql("insert into early_fraud_warnings (id, merchant_id, payment_id, provider, "
                            + "provider_warning_id, fraud_type, actionable, reported_at, auto_refund) values (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            + "on conflict (provider, provider_warning_id) do nothing returning " + COLUMNS)
                    .params(Ids.newId("efw"), merchantId, paymentId, provider, notice.providerWarningId(), fraudType, actionable,
                            notice.reportedAt() == null ? null : Timestamp.from(notice.reportedAt()), autoRefund)
                    .query(EarlyFraudWarnings::row).optional();
            if (inserted.isEmpty()) {
                return Applied.ALREADY_REFLECTED;
            }
            events.appendObjectEvent(merchantId, paymentId, "early_fraud_warning.created", "provider_webhook:" + provider,
                    json(inserted.get()));
            String cardFingerprint = payment.get()[2];
            if (cardFingerprint != null) {
                risk.blockReportedCard(merchantId, cardFingerprint, "early fraud warning " + inserted.get().id()
                        + " (" + fraudType + ") on payment " + paymentId);
            }
            return Applied.APPLIED;
        });
    }

    /** Warnings waiting for their automatic refund, oldest first. */
    List<Warning> pendingRefunds(int limit) {
        return jdbc.sql("select " + COLUMNS + " from early_fraud_warnings where auto_refund = 'pending' order by created_at limit ?")
                .param(limit).query(EarlyFraudWarnings::row).list();
    }

    /**
     * The automatic refund's outcome ({@code refunded}, {@code voided} or {@code not_refundable}), with the merchant's
     * {@code early_fraud_warning.updated}; a warning acted on is no longer actionable. Once: a second call for the
     * same warning changes nothing.
     */
    void autoRefunded(Warning warning, String outcome, String refundId, String note) {
        transactions.executeWithoutResult(status -> jdbc.sql("update early_fraud_warnings set auto_refund = ?, refund_id = ?, "
                        + "auto_refund_note = ?, actionable = actionable and ? = 'not_refundable', updated_at = now() "
                        + "where id = ? and auto_refund = 'pending' returning " + COLUMNS)
                .params(outcome, refundId, note, outcome, warning.id()).query(EarlyFraudWarnings::row).optional()
                .ifPresent(updated -> events.appendObjectEvent(updated.merchantId(), updated.paymentId(),
                        "early_fraud_warning.updated", "early_fraud_warnings", json(updated))));
    }

    Optional<Warning> find(String merchantId, String id) {
        return jdbc.sql("select " + COLUMNS + " from early_fraud_warnings where merchant_id = ? and id = ?")
                .params(merchantId, id).query(EarlyFraudWarnings::row).optional();
    }

    /** A merchant's warnings, newest first; of one payment when {@code paymentId} is given. */
    List<Warning> list(String merchantId, Optional<String> paymentId, int limit) {
        return jdbc.sql("select " + COLUMNS + " from early_fraud_warnings where merchant_id = ? and (?::text is null or payment_id = ?) "
                        + "order by created_at desc, id desc limit ?")
                .params(merchantId, paymentId.orElse(null), paymentId.orElse(null), limit).query(EarlyFraudWarnings::row).list();
    }

    /** Stripe's {@code radar.early_fraud_warning} shape, with what Payrail did about it. */
    static Map<String, Object> json(Warning w) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", w.id());
        json.put("object", "early_fraud_warning");
        json.put("livemode", false);
        json.put("payment", w.paymentId());
        json.put("provider", w.provider());
        json.put("fraud_type", w.fraudType());
        json.put("actionable", w.actionable());
        json.put("reported_at", w.reportedAt() == null ? null : w.reportedAt().getEpochSecond());
        json.put("auto_refund", w.autoRefund());
        json.put("refund", w.refundId());
        json.put("auto_refund_note", w.note());
        json.put("created", w.created().getEpochSecond());
        return json;
    }

    private Optional<String[]> payment(String provider, FraudWarningNotice notice) {
        if (notice.paymentId() != null) {
            Optional<String[]> byId = jdbc.sql("select id, merchant_id, card_fingerprint from disputes_payments where id = ? and provider = ?")
                    .params(notice.paymentId(), provider).query(EarlyFraudWarnings::paymentRow).optional();
            if (byId.isPresent()) {
                return byId;
            }
        }
        if (notice.providerPaymentReference() == null) {
            return Optional.empty();
        }
        return jdbc.sql("select id, merchant_id, card_fingerprint from disputes_payments where provider = ? and provider_reference = ?")
                .params(provider, notice.providerPaymentReference()).query(EarlyFraudWarnings::paymentRow).optional();
    }

    /** The payment a warning is about: its id, merchant and card fingerprint (null for a bank payment). */
    private static String[] paymentRow(ResultSet rs, int n) throws SQLException {
        return new String[]{rs.getString(1), rs.getString(2), rs.getString(3)};
    }

    private static Warning row(ResultSet rs, int n) throws SQLException {
        Timestamp reported = rs.getTimestamp("reported_at");
        return new Warning(rs.getString("id"), rs.getString("merchant_id"), rs.getString("payment_id"), rs.getString("provider"),
                rs.getString("provider_warning_id"), rs.getString("fraud_type"), rs.getBoolean("actionable"),
                reported == null ? null : reported.toInstant(), rs.getTimestamp("created_at").toInstant(),
                rs.getString("auto_refund"), rs.getString("refund_id"), rs.getString("auto_refund_note"));
    }
}
