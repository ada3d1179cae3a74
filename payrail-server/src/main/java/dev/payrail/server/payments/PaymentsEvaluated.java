package dev.payrail.server.payments;

import dev.payrail.server.risk.EvaluatedPayments;
import dev.payrail.server.risk.RiskFactsJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/** The merchant's payments that were risk-evaluated, newest first, on their partial index: for backtests. */
@Component
class PaymentsEvaluated implements EvaluatedPayments {
    private final JdbcClient jdbc;
    private final JsonMapper json;

    PaymentsEvaluated(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public List<Evaluated> recent(String merchantId, int limit) {
        return jdbc.sql("""
                        select id, created_at, risk_facts, risk_outcome ->> 'action' as action, status from payments
                        where merchant_id = ? and risk_facts is not null order by created_at desc limit ?""")
                .params(merchantId, limit)
                .query((rs, n) -> new Evaluated(rs.getString("id"), rs.getTimestamp("created_at").toInstant(),
                        RiskFactsJson.read(json.readTree(rs.getString("risk_facts"))), rs.getString("action"),
                        rs.getString("status")))
                .list();
    }
}
