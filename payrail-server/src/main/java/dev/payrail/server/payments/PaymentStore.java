package dev.payrail.server.payments;

import dev.payrail.core.money.CurrencyCode;
import dev.payrail.core.money.Money;
import dev.payrail.core.payments.PaymentState;
import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.server.risk.RiskFactsJson;
import dev.payrail.server.risk.RiskOutcome;
import dev.payrail.server.database.FilteredQuery;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Payments in PostgreSQL. Every update names the version it read: a concurrent change makes it fail. */
@Repository
class PaymentStore {
    private static final String COLUMNS = """
            id, merchant_id, amount, currency, status, capture_method, amount_captured, amount_refunded,
            amount_refund_pending, description, merchant_reference, metadata, card_brand, card_last4,
            card_exp_month, card_exp_year, payment_method, provider, provider_reference, outcome_unknown, operation_in_flight,
            failure_code, failure_message, cancellation_reason, authorized_at, created_at, version, routing_rule,
            request_three_d_secure, return_url, next_action_url, action_required_at, three_d_secure, bank_redirect_bank,
            customer_id, setup_future_usage, off_session, network_transaction_id, debit_country, debit_last4, mandate_id,
            amount_returned, returned_at, return_reason, return_reference, smart_retries, retry_attempts,
            retry_first_declined_at, next_retry_at, retry_stop_reason, customer_ip, customer_ip_country, customer_email,
            billing_country, card_fingerprint, risk_facts, risk_outcome, review_id""";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final RowMapper<Payment> mapper = this::map;

    PaymentStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void insert(Payment p) {
        Money amount = p.state.amount();
        jdbc.sql("""
                insert into payments (id, merchant_id, amount, currency, status, capture_method, description,
                                      merchant_reference, metadata, card_brand, card_last4, card_exp_month,
                                      card_exp_year, payment_method, created_at, request_three_d_secure, return_url,
                                      bank_redirect_bank, customer_id, setup_future_usage, off_session, smart_retries,
                                      customer_ip, customer_ip_country, customer_email, billing_country, version)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""")
                .params(p.id, p.merchantId, amount.minorUnits(), amount.currency().code(), p.state.status().wireName(),
                        p.captureMethod, p.description, p.merchantReference, json.writeValueAsString(p.metadata),
                        p.card == null ? null : p.card.brand(), p.card == null ? null : p.card.last4(),
                        p.card == null ? null : p.card.expMonth(), p.card == null ? null : p.card.expYear(),
                        p.paymentMethodId, Timestamp.from(p.created), p.requestThreeDSecure, p.returnUrl, p.bank,
                        p.customerId, p.setupFutureUsage, p.offSession, p.smartRetries, p.customerIp, p.customerIpCountry,
                        p.customerEmail, p.billingCountry)
                .update();
    }

    /** Saves every mutable field if nobody changed the payment since it was read; false when somebody did. */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean update(Payment p) {
        PaymentState s = p.state;
        int updated = jdbc.sql("""
                update payments set status = ?, amount_captured = ?, amount_refunded = ?, amount_refund_pending = ?,
                       card_brand = ?, card_last4 = ?, card_exp_month = ?, card_exp_year = ?, payment_method = ?, provider = ?,
                       provider_reference = ?, outcome_unknown = ?, operation_in_flight = ?, failure_code = ?,
                       failure_message = ?, cancellation_reason = ?, authorized_at = ?, routing_rule = ?,
                       request_three_d_secure = ?, return_url = ?, next_action_url = ?, action_required_at = ?,
                       three_d_secure = ?::jsonb, bank_redirect_bank = ?, customer_id = ?, setup_future_usage = ?,
                       off_session = ?, network_transaction_id = ?, debit_country = ?, debit_last4 = ?, mandate_id = ?,
                       amount_returned = ?, returned_at = ?, return_reason = ?, return_reference = ?, retry_attempts = ?,
                       retry_first_declined_at = ?, next_retry_at = ?, retry_stop_reason = ?, customer_ip = ?,
                       customer_ip_country = ?, customer_email = ?, billing_country = ?, card_fingerprint = ?,
                       risk_facts = ?::jsonb, risk_outcome = ?::jsonb, review_id = ?, updated_at = now(),
                       version = version + 1
                where id = ? and version = ?""")
                .params(s.status().wireName(), s.captured().minorUnits(), s.refunded().minorUnits(),
                        s.refundPending().minorUnits(),
                        p.card == null ? null : p.card.brand(), p.card == null ? null : p.card.last4(),
                        p.card == null ? null : p.card.expMonth(), p.card == null ? null : p.card.expYear(),
                        p.paymentMethodId, p.provider, p.providerReference, p.outcomeUnknown, p.operationInFlight, p.failureCode,
                        p.failureMessage, p.cancellationReason,
                        p.authorizedAt == null ? null : Timestamp.from(p.authorizedAt), p.routingRule,
                        p.requestThreeDSecure, p.returnUrl, p.nextActionUrl,
                        p.actionRequiredAt == null ? null : Timestamp.from(p.actionRequiredAt),
                        p.threeDSecure == null ? null : json.writeValueAsString(p.threeDSecure.toJson()), p.bank,
                        p.customerId, p.setupFutureUsage, p.offSession, p.networkTransactionId, p.debitCountry, p.debitLast4,
                        p.mandateId, p.amountReturned, p.returnedAt == null ? null : Timestamp.from(p.returnedAt),
                        p.returnReason, p.returnReference, p.retryAttempts, timestamp(p.retryFirstDeclinedAt),
                        timestamp(p.nextRetryAt), p.retryStopReason, p.customerIp, p.customerIpCountry, p.customerEmail,
                        p.billingCountry, p.cardFingerprint,
                        RiskFactsJson.column(json, p.riskFacts), RiskOutcome.column(json, p.riskOutcome), p.reviewId, p.id,
                        p.version)
                .update();
        return updated == 1;
    }

    /** Writes what a merchant may change of a payment at any time (its words, not its money) on the row locked. */
    @Transactional(propagation = Propagation.MANDATORY)
    void updateDetails(String id, String description, String merchantReference, Map<String, String> metadata) {
        jdbc.sql("""
                update payments set description = ?, merchant_reference = ?, metadata = ?::jsonb, updated_at = now(),
                       version = version + 1
                where id = ?""")
                .params(description, merchantReference, json.writeValueAsString(metadata), id)
                .update();
    }

    /** A merchant's payment; another merchant's id is as absent as an unknown one. */
    Optional<Payment> find(String merchantId, String id) {
        return jdbc.sql("select " + COLUMNS + " from payments where id = ? and merchant_id = ?")
                .params(id, merchantId).query(mapper).optional();
    }

    /** Any merchant's payment: for operators only. */
    Optional<Payment> findAny(String id) {
        return jdbc.sql("select " + COLUMNS + " from payments where id = ?").param(id).query(mapper).optional();
    }

    Payment get(String id) {
        return jdbc.sql("select " + COLUMNS + " from payments where id = ?").param(id).query(mapper).single();
    }

    /** The bank debit (a payment made under a mandate) at {@code provider} that is {@code id} or known there as {@code providerReference}. */
    Optional<String> debitId(String provider, String id, String providerReference) {
        return jdbc.sql("""
                        select id from payments where provider = ? and mandate_id is not null
                        and (id = ? or provider_reference = ?) limit 1""")
                .params(provider, id, providerReference).query(String.class).optional();
    }

    /** Reads and row-locks a payment until the transaction ends: for applying provider outcomes. */
    @Transactional(propagation = Propagation.MANDATORY)
    Payment lock(String id) {
        return jdbc.sql("select " + COLUMNS + " from payments where id = ? for update").param(id).query(mapper).single();
    }

    List<Payment> list(String merchantId, PaymentListQuery query) {
        FilteredQuery filtered = new FilteredQuery("select " + COLUMNS + " from payments where merchant_id = :merchant")
                .and("status = :status", "status", query.status().map(PaymentStatus::wireName).orElse(null))
                .and("created_at >= :gte", "gte", query.createdGte().map(Timestamp::from).orElse(null))
                .and("created_at <= :lte", "lte", query.createdLte().map(Timestamp::from).orElse(null));
        query.after().ifPresent(cursor -> filtered.and("(created_at, id) < (:cursorCreated, :cursorId)",
                Map.of("cursorCreated", Timestamp.from(cursor.created), "cursorId", cursor.id)));
        filtered.then("order by created_at desc, id desc limit :limit", Map.of("merchant", merchantId, "limit", query.limit() + 1));
        return new ArrayList<>(jdbc.sql(filtered.sql()).params(filtered.params()).query(mapper).list());
    }

    /** Authorizations older than the capture window, for the expiry sweeper. */
    List<String> expiredAuthorizations(Instant authorizedBefore, int limit) {
        return jdbc.sql("""
                select id from payments
                where status = 'requires_capture' and operation_in_flight is null and authorized_at < ?
                order by authorized_at limit ?""")
                .params(Timestamp.from(authorizedBefore), limit)
                .query(String.class).list();
    }

    /** Payments that waited for their customer since before {@code since}, for the sweeper. */
    List<String> abandonedActions(Instant since, int limit) {
        return jdbc.sql("""
                select id from payments
                where status = 'requires_action' and operation_in_flight is null and action_required_at < ?
                order by action_required_at limit ?""")
                .params(Timestamp.from(since), limit)
                .query(String.class).list();
    }

    private Payment map(ResultSet rs, int row) throws SQLException {
        CurrencyCode currency = CurrencyCode.of(rs.getString("currency"));
        PaymentState state = new PaymentState(
                PaymentStatus.fromWireName(rs.getString("status")).orElseThrow(),
                new Money(rs.getLong("amount"), currency),
                new Money(rs.getLong("amount_captured"), currency),
                new Money(rs.getLong("amount_refunded"), currency),
                new Money(rs.getLong("amount_refund_pending"), currency));
        Payment p = new Payment(rs.getString("id"), rs.getString("merchant_id"), rs.getString("capture_method"),
                rs.getString("description"), rs.getString("merchant_reference"),
                json.readValue(rs.getString("metadata"), new TypeReference<Map<String, String>>() {
                }),
                rs.getTimestamp("created_at").toInstant(), rs.getLong("version"), state);
        if (rs.getString("card_brand") != null) {
            p.card = new Payment.CardSummary(rs.getString("card_brand"), rs.getString("card_last4"),
                    rs.getInt("card_exp_month"), rs.getInt("card_exp_year"));
        }
        p.paymentMethodId = rs.getString("payment_method");
        p.provider = rs.getString("provider");
        p.routingRule = rs.getString("routing_rule");
        p.providerReference = rs.getString("provider_reference");
        p.outcomeUnknown = rs.getBoolean("outcome_unknown");
        p.operationInFlight = rs.getString("operation_in_flight");
        p.failureCode = rs.getString("failure_code");
        p.failureMessage = rs.getString("failure_message");
        p.cancellationReason = rs.getString("cancellation_reason");
        p.authorizedAt = instant(rs, "authorized_at");
        p.requestThreeDSecure = rs.getString("request_three_d_secure");
        p.returnUrl = rs.getString("return_url");
        p.nextActionUrl = rs.getString("next_action_url");
        p.actionRequiredAt = instant(rs, "action_required_at");
        p.bank = rs.getString("bank_redirect_bank");
        p.customerId = rs.getString("customer_id");
        p.setupFutureUsage = rs.getString("setup_future_usage");
        p.offSession = rs.getString("off_session");
        p.networkTransactionId = rs.getString("network_transaction_id");
        p.debitCountry = rs.getString("debit_country");
        p.debitLast4 = rs.getString("debit_last4");
        p.mandateId = rs.getString("mandate_id");
        p.amountReturned = rs.getLong("amount_returned");
        p.returnedAt = instant(rs, "returned_at");
        p.returnReason = rs.getString("return_reason");
        p.returnReference = rs.getString("return_reference");
        p.smartRetries = rs.getBoolean("smart_retries");
        p.retryAttempts = rs.getInt("retry_attempts");
        p.retryFirstDeclinedAt = instant(rs, "retry_first_declined_at");
        p.nextRetryAt = instant(rs, "next_retry_at");
        p.retryStopReason = rs.getString("retry_stop_reason");
        p.customerIp = rs.getString("customer_ip");
        p.customerIpCountry = rs.getString("customer_ip_country");
        p.customerEmail = rs.getString("customer_email");
        p.billingCountry = rs.getString("billing_country");
        p.cardFingerprint = rs.getString("card_fingerprint");
        p.reviewId = rs.getString("review_id");
        p.riskFacts = RiskFactsJson.fromColumn(json, rs.getString("risk_facts"));
        p.riskOutcome = RiskOutcome.fromColumn(json, rs.getString("risk_outcome"));
        String secure = rs.getString("three_d_secure");
        if (secure != null) {
            Map<String, Object> fields = json.readValue(secure, new TypeReference<Map<String, Object>>() {
            });
            p.threeDSecure = new dev.payrail.core.providers.ThreeDSecure((String) fields.get("version"),
                    (String) fields.get("authentication_flow"), (String) fields.get("result"),
                    (String) fields.get("electronic_commerce_indicator"), Boolean.TRUE.equals(fields.get("liability_shift")));
        }
        return p;
    }

    /** Payments whose scheduled retry is due, for the retry sweeper, the longest waiting first. */
    List<String> retriesDue(Instant now, int limit) {
        return jdbc.sql("""
                select id from payments
                where next_retry_at <= ? and status = 'requires_payment_method' and operation_in_flight is null
                order by next_retry_at limit ?""")
                .params(Timestamp.from(now), limit)
                .query(String.class).list();
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
