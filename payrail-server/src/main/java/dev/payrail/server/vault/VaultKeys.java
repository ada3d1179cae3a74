package dev.payrail.server.vault;

import dev.payrail.server.PayrailProperties;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vault's key-encryption keys: which one wraps new data keys (recorded in the database, so every
 * instance agrees), rotation to a new one, and retirement of old ones. At first start the store's key (or
 * a new one) becomes active. A key the database names but the store lacks refuses to start: records
 * wrapped by it could not be opened.
 */
@Component
public class VaultKeys {
    private static final Logger log = LoggerFactory.getLogger(VaultKeys.class);

    /** One key as the operator sees it: its state and how many records it still wraps. */
    public record KeyStatus(String id, String state, long records) {
    }

    private final JdbcClient jdbc;
    private final KeyEncryptionKeys store;
    private final AuditLog audit;

    VaultKeys(JdbcClient jdbc, PayrailProperties properties, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
        PayrailProperties.Vault settings = properties.vault();
        this.store = settings.keks() != null && !settings.keks().isBlank()
                ? FileKeyStore.fromEnvironment(settings.keks())
                : FileKeyStore.fromFile(Path.of(settings.keyStoreFile()));
        bootstrap();
    }

    KeyEncryptionKeys store() {
        return store;
    }

    /** The key new data keys are wrapped with; read each time, so a rotation on another instance counts at once. */
    String activeKeyId() {
        return jdbc.sql("select id from vault_keks where state = 'active'").query(String.class).single();
    }

    /** Makes a new key (or {@code existingKeyId}, already in the store) the active one; the old one stays for reading. */
    @Transactional
    public String rotate(String existingKeyId, String actor) {
        String newKey = existingKeyId != null ? existingKeyId : store.generate();
        if (!store.keyIds().contains(newKey)) {
            throw ApiException.invalid("vault_key_unknown", "key_id", "The vault's key store has no key " + newKey + ".");
        }
        jdbc.sql("update vault_keks set state = 'decrypt_only' where state = 'active'").update();
        jdbc.sql("""
                        insert into vault_keks (id, state, activated_at) values (?, 'active', now())
                        on conflict (id) do update set state = 'active', activated_at = now()""")
                .param(newKey).update();
        audit.record(actor, "vault.key.rotated", newKey, "succeeded", Map.of());
        log.info("vault key {} is now active; the rewrap job moves existing records to it", newKey);
        return newKey;
    }

    /** Retires a key that no record uses any more and destroys it in the store. */
    @Transactional
    public void retire(String kekId, String actor) {
        String state = jdbc.sql("select state from vault_keks where id = ? for update").param(kekId).query(String.class)
                .optional().orElseThrow(() -> ApiException.notFound("vault_key", kekId));
        if ("active".equals(state)) {
            throw ApiException.conflict("vault_key_active", "Key " + kekId + " is active; rotate to another key first.");
        }
        long records = jdbc.sql("select count(*) from vault_cards where kek_id = ?").param(kekId).query(Long.class).single();
        if (records > 0) {
            throw ApiException.conflict("vault_key_in_use", "Key " + kekId + " still wraps " + records
                    + " records; wait for the rewrap job to move them.");
        }
        jdbc.sql("update vault_keks set state = 'retired', retired_at = now() where id = ?").param(kekId).update();
        if (store.keyIds().contains(kekId)) {
            store.destroy(kekId);
        }
        audit.record(actor, "vault.key.retired", kekId, "succeeded", Map.of());
    }

    public List<KeyStatus> status() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("select kek_id, count(*) from vault_cards group by kek_id")
                .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        return jdbc.sql("select id, state from vault_keks order by created_at, id")
                .query((rs, n) -> new KeyStatus(rs.getString("id"), rs.getString("state"),
                        counts.getOrDefault(rs.getString("id"), 0L)))
                .list();
    }

    private void bootstrap() {
        List<String> known = jdbc.sql("select id from vault_keks where state <> 'retired'").query(String.class).list();
        for (String id : known) {
            if (!store.keyIds().contains(id)) {
                throw new IllegalStateException("vault key " + id + " is in use but missing from the key store; "
                        + "records wrapped by it could not be opened. Refusing to start.");
            }
        }
        if (known.isEmpty()) {
            String first = store.keyIds().stream().sorted().findFirst().orElseGet(store::generate);
            jdbc.sql("insert into vault_keks (id, state, activated_at) values (?, 'active', now()) on conflict do nothing")
                    .param(first).update();
        }
    }
}
