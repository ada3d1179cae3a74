package dev.payrail.server.customers;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;

/** Mandates in PostgreSQL. */
@Repository
class MandateStore {
    private final JdbcClient jdbc;

    MandateStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void insert(Mandate m) {
        jdbc.sql("""
                        insert into mandates (id, merchant_id, customer_id, payment_method, status, reference, acceptance_type,
                                              accepted_at, ip_address, user_agent, created_at)
                        values (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?)""")
                .params(m.id(), m.merchantId(), m.customerId(), m.paymentMethodId(), m.reference(), m.acceptanceType(),
                        Timestamp.from(m.acceptedAt()), m.ipAddress(), m.userAgent(), Timestamp.from(m.created()))
                .update();
    }

    /** Makes the merchant's mandate inactive; false when it was inactive already (or is not the merchant's). */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean revoke(String merchantId, String id) {
        return jdbc.sql("update mandates set status = 'inactive', revoked_at = now() where id = ? and merchant_id = ? and status = 'active'")
                .params(id, merchantId).update() == 1;
    }

    /** Revokes every active mandate of a customer: its deletion's part. */
    @Transactional(propagation = Propagation.MANDATORY)
    int revokeAll(String merchantId, String customerId) {
        return jdbc.sql("update mandates set status = 'inactive', revoked_at = now() where merchant_id = ? and customer_id = ? and status = 'active'")
                .params(merchantId, customerId).update();
    }

    Optional<Mandate> find(String merchantId, String id) {
        return jdbc.sql("select * from mandates where id = ? and merchant_id = ?").params(id, merchantId)
                .query(MandateStore::row).optional();
    }

    Optional<Mandate> ofPaymentMethod(String merchantId, String paymentMethodId) {
        return jdbc.sql("select * from mandates where payment_method = ? and merchant_id = ?").params(paymentMethodId, merchantId)
                .query(MandateStore::row).optional();
    }

    private static Mandate row(ResultSet rs, int n) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new Mandate(rs.getString("id"), rs.getString("merchant_id"), rs.getString("customer_id"),
                rs.getString("payment_method"), rs.getString("status"), rs.getString("reference"),
                rs.getString("acceptance_type"), rs.getTimestamp("accepted_at").toInstant(), rs.getString("ip_address"),
                rs.getString("user_agent"), rs.getTimestamp("created_at").toInstant(), revoked == null ? null : revoked.toInstant());
    }
}
