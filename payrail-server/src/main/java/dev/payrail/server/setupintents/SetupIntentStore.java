package dev.payrail.server.setupintents;

import dev.payrail.core.customers.SetupIntentStatus;
import dev.payrail.server.database.FilteredQuery;
import dev.payrail.server.risk.RiskFactsJson;
import dev.payrail.server.risk.RiskOutcome;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Setup intents in PostgreSQL; every update names the version it read. */
@Repository
class SetupIntentStore {
    private static final String COLUMNS = """
            id, merchant_id, customer_id, status, usage, currency, payment_method, request_three_d_secure, return_url,
            provider, operation_key, provider_reference, next_action_url, network_transaction_id, failure_code,
            failure_message, cancellation_reason, metadata, created_at, version, risk_facts, risk_outcome""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SetupIntentStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void insert(SetupIntent s) {
        jdbc.sql("""
                        insert into setup_intents (id, merchant_id, customer_id, status, usage, currency, payment_method,
                                                   request_three_d_secure, return_url, metadata, created_at, version)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, 0)""")
                .params(s.id, s.merchantId, s.customerId, s.status.wireName(), s.usage, s.currency, s.paymentMethodId,
                        s.requestThreeDSecure, s.returnUrl, json.writeValueAsString(s.metadata), Timestamp.from(s.created))
                .update();
    }

    /** Saves every mutable field if nobody changed the setup intent since it was read; false when somebody did. */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean update(SetupIntent s) {
        return jdbc.sql("""
                        update setup_intents set status = ?, payment_method = ?, request_three_d_secure = ?, return_url = ?,
                               provider = ?, operation_key = ?, provider_reference = ?, next_action_url = ?,
                               network_transaction_id = ?, failure_code = ?, failure_message = ?, cancellation_reason = ?,
                               risk_facts = ?::jsonb, risk_outcome = ?::jsonb, updated_at = now(), version = version + 1
                        where id = ? and version = ?""")
                .params(s.status.wireName(), s.paymentMethodId, s.requestThreeDSecure, s.returnUrl, s.provider, s.operationKey,
                        s.providerReference, s.nextActionUrl, s.networkTransactionId, s.failureCode, s.failureMessage,
                        s.cancellationReason,
                        RiskFactsJson.column(json, s.riskFacts), RiskOutcome.column(json, s.riskOutcome), s.id, s.version)
                .update() == 1;
    }

    Optional<SetupIntent> find(String merchantId, String id) {
        return jdbc.sql("select " + COLUMNS + " from setup_intents where id = ? and merchant_id = ?")
                .params(id, merchantId).query(this::row).optional();
    }

    /** Any merchant's: the customer's return carries no key. */
    Optional<SetupIntent> findAny(String id) {
        return jdbc.sql("select " + COLUMNS + " from setup_intents where id = ?").param(id).query(this::row).optional();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    Optional<SetupIntent> lock(String id) {
        return jdbc.sql("select " + COLUMNS + " from setup_intents where id = ? for update").param(id).query(this::row).optional();
    }

    /** A page newest first, of one customer's or all; one more than {@code limit} if there are more. */
    List<SetupIntent> list(String merchantId, Optional<String> customerId, Optional<SetupIntent> after, int limit) {
        FilteredQuery query = new FilteredQuery("select " + COLUMNS + " from setup_intents where merchant_id = :merchant")
                .and("customer_id = :customer", "customer", customerId.orElse(null));
        after.ifPresent(a -> query.and("(created_at, id) < (:cursorCreated, :cursorId)",
                Map.of("cursorCreated", Timestamp.from(a.created), "cursorId", a.id)));
        query.then("order by created_at desc, id desc limit :limit", Map.of("merchant", merchantId, "limit", limit + 1));
        return jdbc.sql(query.sql()).params(query.params()).query(this::row).list();
    }

    /** Setup intents that waited for their customer since before {@code since}, oldest first: for the sweeper. */
    List<String> abandoned(java.time.Instant since, int limit) {
        return jdbc.sql("select id from setup_intents where status = 'requires_action' and updated_at < ? order by updated_at limit ?")
                .params(Timestamp.from(since), limit).query(String.class).list();
    }

    private SetupIntent row(ResultSet rs, int n) throws SQLException {
        SetupIntent s = new SetupIntent(rs.getString("id"), rs.getString("merchant_id"), rs.getString("customer_id"),
                rs.getString("usage"), rs.getString("currency"),
                json.readValue(rs.getString("metadata"), new TypeReference<Map<String, String>>() {
                }), rs.getTimestamp("created_at").toInstant(), rs.getLong("version"),
                SetupIntentStatus.fromWireName(rs.getString("status")).orElseThrow());
        s.paymentMethodId = rs.getString("payment_method");
        s.requestThreeDSecure = rs.getString("request_three_d_secure");
        s.returnUrl = rs.getString("return_url");
        s.provider = rs.getString("provider");
        s.operationKey = rs.getString("operation_key");
        s.providerReference = rs.getString("provider_reference");
        s.nextActionUrl = rs.getString("next_action_url");
        s.networkTransactionId = rs.getString("network_transaction_id");
        s.failureCode = rs.getString("failure_code");
        s.failureMessage = rs.getString("failure_message");
        s.cancellationReason = rs.getString("cancellation_reason");
        s.riskFacts = RiskFactsJson.fromColumn(json, rs.getString("risk_facts"));
        s.riskOutcome = RiskOutcome.fromColumn(json, rs.getString("risk_outcome"));
        return s;
    }
}
