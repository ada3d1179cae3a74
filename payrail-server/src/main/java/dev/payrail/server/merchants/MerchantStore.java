package dev.payrail.server.merchants;

import dev.payrail.server.api.Ids;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.security.ApiKeys;
import dev.payrail.server.security.Caller;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Merchants and their secret keys. A secret exists in clear only in the return value of its creation. */
@Repository
public class MerchantStore {

    /** A merchant as stored. */
    public record Merchant(String id, String name, Instant created) {
    }

    /** A new key: {@code secret} is shown once and never again. */
    public record NewApiKey(String id, String merchantId, String secret, String prefix, Caller.KeyKind kind, String mode,
                            List<String> permissions) {
    }

    /** A key as listed: never its secret. */
    public record ApiKeyInfo(String id, String prefix, Caller.KeyKind kind, String mode, List<String> permissions,
                             String name, Instant created, Instant expiresAt, Instant revokedAt, String rolledTo) {
    }

    private final JdbcClient jdbc;

    private final dev.payrail.server.security.Authentication authentication;

    public MerchantStore(JdbcClient jdbc, dev.payrail.server.security.Authentication authentication) {
        this.jdbc = jdbc;
        this.authentication = authentication;
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
        return newKey(merchantId, Caller.KeyKind.SECRET, "test", List.of(), null);
    }

    @Transactional
    public NewApiKey newKey(String merchantId, Caller.KeyKind kind, String mode, List<String> permissions, String name) {
        String secret = ApiKeys.newSecret(kind, mode);
        String id = Ids.newId("key");
        String prefix = ApiKeys.displayPrefix(secret);
        jdbc.sql("""
                        insert into api_keys (id, merchant_id, key_hash, key_prefix, kind, mode, permissions, name)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, merchantId, ApiKeys.hash(secret), prefix, kind.wireName(), mode,
                        permissions.toArray(new String[0]), name)
                .update();
        return new NewApiKey(id, merchantId, secret, prefix, kind, mode, List.copyOf(permissions));
    }

    /**
     * A new key like {@code keyId}; the old one keeps working for {@code overlap} (none: stops at once), so
     * that every server holding it can be moved to the new one.
     */
    @Transactional
    public NewApiKey roll(String merchantId, String keyId, java.time.Duration overlap) {
        ApiKeyInfo old = key(merchantId, keyId).filter(k -> k.revokedAt() == null && k.rolledTo() == null)
                .orElseThrow(() -> ApiException.notFound("api_key", keyId));
        NewApiKey rolled = newKey(merchantId, old.kind(), old.mode(), old.permissions(), old.name());
        authentication.forgetKeys();
        jdbc.sql("update api_keys set expires_at = now() + ? * interval '1 second', rolled_to = ? where id = ?")
                .params(overlap.toSeconds(), rolled.id(), keyId)
                .update();
        return rolled;
    }

    @Transactional
    public void revoke(String merchantId, String keyId) {
        authentication.forgetKeys();
        int revoked = jdbc.sql("update api_keys set revoked_at = now() where id = ? and merchant_id = ? and revoked_at is null")
                .params(keyId, merchantId).update();
        if (revoked == 0 && key(merchantId, keyId).isEmpty()) {
            throw ApiException.notFound("api_key", keyId);
        }
    }

    public List<ApiKeyInfo> keys(String merchantId) {
        return jdbc.sql("select * from api_keys where merchant_id = ? order by created_at desc, id desc")
                .param(merchantId).query((rs, n) -> keyInfo(rs)).list();
    }

    public Optional<ApiKeyInfo> key(String merchantId, String keyId) {
        return jdbc.sql("select * from api_keys where merchant_id = ? and id = ?")
                .params(merchantId, keyId).query((rs, n) -> keyInfo(rs)).optional();
    }

    private static ApiKeyInfo keyInfo(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ApiKeyInfo(rs.getString("id"), rs.getString("key_prefix"),
                Caller.KeyKind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT)), rs.getString("mode"),
                List.of((String[]) rs.getArray("permissions").getArray()), rs.getString("name"),
                rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("expires_at")),
                instant(rs.getTimestamp("revoked_at")), rs.getString("rolled_to"));
    }

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
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
