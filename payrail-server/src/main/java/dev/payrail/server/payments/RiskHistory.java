package dev.payrail.server.payments;

import dev.payrail.core.money.CurrencyCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the merchant's own payments say about an attempt, for the risk rules: whether its card was authorized at the
 * merchant before, how many of its customer's payments were refunded in the last 30 days, and the merchant's usual
 * amount (the median of its last 1,000 payments of the last 30 days in the currency). The first two in one statement
 * per attempt, on indexes, reading only the keys the attempt has; the usual amount is a statistic, computed at most
 * every 10 minutes per merchant and currency and kept in memory (bounded by merchants times currencies).
 */
@Component
class RiskHistory {
    static final Duration USUAL_REFRESH = Duration.ofMinutes(10);
    private static final Duration REFUND_WINDOW = Duration.ofDays(30);

    private record Usual(Long amount, Instant computedAt) {
    }

    /** {@code firstUseOfCard} and the refund counts null where the attempt has no card or no customer. */
    record Of(Boolean firstUseOfCard, Long customerRefunds30d, Long cardRefunds30d, Long usualAmount) {
    }

    private final JdbcClient jdbc;
    private final Map<String, Usual> usual = new ConcurrentHashMap<>();

    RiskHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Of of(String merchantId, String paymentId, String cardFingerprint, String customerId, CurrencyCode currency, Instant now) {
        Timestamp refundsSince = Timestamp.from(now.minus(REFUND_WINDOW));
        // only the reads of the keys the attempt has: fewer subqueries to plan and run, and no statement at all for an
        // attempt with neither a card nor a customer (a bank redirect of a guest). The refunds are the merchant's
        // (refunds_by_merchant_time), not every merchant's of the last 30 days joined to their payments: at 3 million
        // payments that join took 110 ms of every card payment
        List<String> columns = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (cardFingerprint != null) {
            columns.add("""
                    not exists (select 1 from payments where merchant_id = ? and card_fingerprint = ?
                                   and authorized_at is not null and id <> ?) as first_use""");
            columns.add("""
                    (select count(*) from refunds r join payments p on p.id = r.payment_id
                      where r.merchant_id = ? and p.card_fingerprint = ? and r.created_at >= ?) as card_refunds""");
            params.addAll(List.of(merchantId, cardFingerprint, paymentId, merchantId, cardFingerprint, refundsSince));
        }
        if (customerId != null) {
            columns.add("""
                    (select count(*) from refunds r join payments p on p.id = r.payment_id
                      where r.merchant_id = ? and p.customer_id = ? and r.created_at >= ?) as customer_refunds""");
            params.addAll(List.of(merchantId, customerId, refundsSince));
        }
        Map<String, Object> row = columns.isEmpty() ? Map.of()
                : jdbc.sql("select " + String.join(", ", columns)).params(params).query().singleRow();
        return new Of(cardFingerprint == null ? null : (Boolean) row.get("first_use"),
                customerId == null ? null : ((Number) row.get("customer_refunds")).longValue(),
                cardFingerprint == null ? null : ((Number) row.get("card_refunds")).longValue(),
                usualAmount(merchantId, currency, now));
    }

    private Long usualAmount(String merchantId, CurrencyCode currency, Instant now) {
        String key = merchantId + ":" + currency.code();
        Usual known = usual.get(key);
        if (known != null && known.computedAt().plus(USUAL_REFRESH).isAfter(now)) {
            return known.amount();
        }
        Long median = jdbc.sql("""
                        select percentile_disc(0.5) within group (order by amount) from (
                          select amount from payments where merchant_id = ? and currency = ? and created_at >= ?
                          order by created_at desc limit 1000) recent""")
                .params(merchantId, currency.code(), Timestamp.from(now.minus(REFUND_WINDOW)))
                .query(Long.class).optional().orElse(null);
        usual.put(key, new Usual(median, now));
        return median;
    }
}
