package dev.payrail.server.payments;

import dev.payrail.server.PayrailProperties;
import dev.payrail.server.api.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The refund abuse guard: at most {@code maxRefundsPerPayment} refunds of one payment and
 * {@code maxRefundsPerMerchantPerDay} refunds by one merchant in any 24 hours (failed refunds do not count).
 * Checked inside the refund's transaction, under the payment's row lock and a per-merchant advisory lock, so
 * concurrent refunds cannot slip past the cap together. A stolen key can then drain no more than the cap.
 */
@Component
class RefundLimits {
    private final JdbcClient jdbc;
    private final int perPayment;
    private final int perMerchantPerDay;

    RefundLimits(JdbcClient jdbc, PayrailProperties properties) {
        this.jdbc = jdbc;
        this.perPayment = properties.security().maxRefundsPerPayment();
        this.perMerchantPerDay = properties.security().maxRefundsPerMerchantPerDay();
    }

    /** Must run in the refund's transaction, after the payment row is locked. */
    void check(String merchantId, String paymentId) {
        long ofPayment = jdbc.sql("select count(*) from refunds where payment_id = ? and status <> 'failed'")
                .param(paymentId).query(Long.class).single();
        if (ofPayment >= perPayment) {
            throw ApiException.of(422, "invalid_request_error", "refund_limit_per_payment",
                    "This payment already has " + ofPayment + " refunds, the most one payment may have.", "payment");
        }
        jdbc.sql("select pg_advisory_xact_lock(hashtext('refund-limit:' || ?))").param(merchantId).query().listOfRows();
        long today = jdbc.sql("""
                        select count(*) from refunds where merchant_id = ? and status <> 'failed'
                        and created_at > now() - interval '1 day'""")
                .param(merchantId).query(Long.class).single();
        if (today >= perMerchantPerDay) {
            throw ApiException.of(429, "rate_limit_error", "refund_limit_per_day", "This account has made " + today
                    + " refunds in the last 24 hours, its daily limit; contact the operator to raise it.", null);
        }
    }
}
