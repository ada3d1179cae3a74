package dev.payrail.server.risk;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A merchant's risk settings ({@code risk_settings}; none saved: every setting off). One for now:
 * {@code refund_on_early_fraud_warning}, whether an issuer's early fraud warning refunds the payment (voids it when not
 * captured) at once, before a chargeback can cost the amount and a dispute fee.
 */
@Component
public class RiskSettings {
    private final JdbcClient jdbc;

    RiskSettings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean refundsOnEarlyFraudWarning(String merchantId) {
        return jdbc.sql("select refund_on_early_fraud_warning from risk_settings where merchant_id = ?").param(merchantId)
                .query(Boolean.class).optional().orElse(false);
    }

    void setRefundOnEarlyFraudWarning(String merchantId, boolean refund) {
        jdbc.sql("""
                insert into risk_settings (merchant_id, refund_on_early_fraud_warning) values (?, ?)
                on conflict (merchant_id) do update set refund_on_early_fraud_warning = excluded.refund_on_early_fraud_warning,
                                                        updated_at = now()""").params(merchantId, refund).update();
    }

    Map<String, Object> json(String merchantId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("object", "risk_settings");
        json.put("refund_on_early_fraud_warning", refundsOnEarlyFraudWarning(merchantId));
        return json;
    }
}
