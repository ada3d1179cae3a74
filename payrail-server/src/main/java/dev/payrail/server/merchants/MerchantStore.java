package dev.payrail.server.merchants;

import dev.payrail.server.api.Ids;
import dev.payrail.server.security.ApiKeys;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.Optional;

/** Merchants and their secret keys. A secret exists in clear only in the return value of its creation. */
@Repository
public class MerchantStore {

    /** A merchant as stored. */
    public record Merchant(String id, String name, Instant created) {
    }

    /** A new key: {@code secret} is shown once and never again. */
    public record NewApiKey(String id, String merchantId, String secret, String prefix) {
    }

    private final JdbcClient jdbc;

    public MerchantStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public Merchant create(String name) {
        String id = Ids.newId("mer");
        return jdbc.sql("insert into merchants (id, name) values (?, ?) returning id, name, created_at")
                .params(id, name)
                .query((rs, n) -> new Merchant(rs.getString("id"), rs.getString("name"),
                        rs.getTimestamp("created_at").toInstant()))
                .single();
    }

    @Transactional
    public NewApiKey newKey(String merchantId) {
        String secret = ApiKeys.newSecret();
        String id = Ids.newId("key");
        String prefix = ApiKeys.displayPrefix(secret);
        jdbc.sql("insert into api_keys (id, merchant_id, key_hash, key_prefix) values (?, ?, ?, ?)")
                .params(id, merchantId, ApiKeys.hash(secret), prefix)
                .update();
        return new NewApiKey(id, merchantId, secret, prefix);
    }

    public Optional<Merchant> find(String id) {
        return jdbc.sql("select id, name, created_at from merchants where id = ?")
                .param(id)
                .query((rs, n) -> new Merchant(rs.getString("id"), rs.getString("name"),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    /** The merchant whose live key this is, if any: used to recognise the demo merchant's saved key. */
    public Optional<String> merchantForSecret(String secret) {
        return jdbc.sql("select merchant_id from api_keys where key_hash = ? and revoked_at is null")
                .param(ApiKeys.hash(secret))
                .query(String.class)
                .optional();
    }
}
