package dev.payrail.server.deliveries;

import dev.payrail.server.api.Ids;
import dev.payrail.server.events.EventLog;
import dev.payrail.server.security.AtRestKeys;
import dev.payrail.server.security.SealedBox;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Merchants' webhook endpoints. Secrets are shown once at creation or rotation, never listed again. */
@Repository
class WebhookEndpointStore {

    /** One endpoint; {@code previousSecret} stays valid until {@code previousExpiresAt} after a rotation. */
    record Endpoint(String id, String merchantId, String url, List<String> enabledEvents, String secret,
                    String previousSecret, Instant previousExpiresAt, String status, Instant created, String lastFailure,
                    Instant lastFailureAt, boolean livemode, String format) {

        /** The endpoint as the API shows it (never with its secret). */
        Map<String, Object> view() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("object", "webhook_endpoint");
            json.put("url", url);
            json.put("enabled_events", enabledEvents);
            json.put("format", format);
            json.put("status", status);
            json.put("livemode", livemode);
            json.put("created", created.getEpochSecond());
            // why the last delivery attempt failed, until one succeeds: a failing endpoint says why
            json.put("last_failure", lastFailure == null ? null
                    : new LinkedHashMap<>(Map.of("reason", lastFailure, "at", lastFailureAt.getEpochSecond())));
            return json;
        }

        /** The secrets a delivery is signed with now: the current one, and the previous during the overlap. */
        List<String> liveSecrets(Instant now) {
            List<String> secrets = new ArrayList<>(List.of(secret));
            if (previousSecret != null && previousExpiresAt != null && previousExpiresAt.isAfter(now)) {
                secrets.add(previousSecret);
            }
            return secrets;
        }
    }

    private static final String COLUMNS = "id, merchant_id, url, enabled_events, secret_sealed, previous_secret_sealed,"
            + " previous_secret_expires_at, status, created_at, last_failure, last_failure_at, livemode, format";

    private final JdbcClient jdbc;
    private final EventLog outbox;
    private final SealedBox box;
    private final RowMapper<Endpoint> mapper = (rs, n) -> {
        Array events = rs.getArray("enabled_events");
        Timestamp expires = rs.getTimestamp("previous_secret_expires_at");
        String id = rs.getString("id");
        return new Endpoint(id, rs.getString("merchant_id"), rs.getString("url"),
                Arrays.asList((String[]) events.getArray()), open(rs.getBytes("secret_sealed"), id),
                open(rs.getBytes("previous_secret_sealed"), id), expires == null ? null : expires.toInstant(),
                rs.getString("status"), rs.getTimestamp("created_at").toInstant(), rs.getString("last_failure"),
                rs.getTimestamp("last_failure_at") == null ? null : rs.getTimestamp("last_failure_at").toInstant(),
                rs.getBoolean("livemode"), rs.getString("format"));
    };

    WebhookEndpointStore(JdbcClient jdbc, EventLog outbox, AtRestKeys keys) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.box = keys.forPurpose("webhook-endpoint-secrets");
    }

    /**
     * Seals the secrets of endpoints written before secrets were sealed, and clears their plaintext. Runs
     * at every start; after the first it finds nothing.
     */
    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public void sealLegacySecrets() {
        record Legacy(String id, String secret, String previous) {
        }
        List<Legacy> legacy = jdbc.sql("select id, secret, previous_secret from webhook_endpoints where secret is not null for update")
                .query((rs, n) -> new Legacy(rs.getString("id"), rs.getString("secret"), rs.getString("previous_secret")))
                .list();
        for (Legacy row : legacy) {
            jdbc.sql("""
                    update webhook_endpoints set secret_sealed = ?, previous_secret_sealed = ?, secret_key_id = ?,
                           secret = null, previous_secret = null
                    where id = ?""")
                    .params(seal(row.secret(), row.id()), row.previous() == null ? null : seal(row.previous(), row.id()),
                            box.keyId(), row.id())
                    .update();
        }
    }

    private byte[] seal(String secret, String endpointId) {
        return box.seal(secret.getBytes(StandardCharsets.UTF_8), endpointId);
    }

    private String open(byte[] sealed, String endpointId) {
        return sealed == null ? null : new String(box.open(sealed, endpointId), StandardCharsets.UTF_8);
    }

    static String newSecret() {
        return "whsec_" + Ids.randomBase62(32);
    }

    Endpoint create(String merchantId, String url, List<String> enabledEvents, boolean livemode, String format) {
        String id = Ids.newId("we");
        return jdbc.sql("insert into webhook_endpoints (id, merchant_id, url, enabled_events, secret_sealed, secret_key_id, status,"
                        + " livemode, format) values (?, ?, ?, ?::text[], ?, ?, 'enabled', ?, ?) returning " + COLUMNS)
                .params(id, merchantId, url, "{" + String.join(",", enabledEvents) + "}", seal(newSecret(), id), box.keyId(), livemode,
                        format)
                .query(mapper).single();
    }

    Optional<Endpoint> find(String merchantId, String id) {
        return jdbc.sql("select " + COLUMNS + " from webhook_endpoints where id = ? and merchant_id = ? and deleted_at is null")
                .params(id, merchantId).query(mapper).optional();
    }

    Endpoint get(String id) {
        return jdbc.sql("select " + COLUMNS + " from webhook_endpoints where id = ?").param(id).query(mapper).single();
    }

    List<Endpoint> list(String merchantId) {
        return jdbc.sql("select " + COLUMNS + " from webhook_endpoints where merchant_id = ? and deleted_at is null order by created_at")
                .param(merchantId).query(mapper).list();
    }

    boolean delete(String merchantId, String id) {
        return jdbc.sql("update webhook_endpoints set deleted_at = now() where id = ? and merchant_id = ? and deleted_at is null")
                .params(id, merchantId).update() == 1;
    }

    /** A new secret; the old one keeps verifying for {@code overlap}. */
    Endpoint rotate(String merchantId, String id, Duration overlap) {
        return jdbc.sql("update webhook_endpoints set previous_secret_sealed = secret_sealed, secret_sealed = ?,"
                        + " secret_key_id = ?, previous_secret_expires_at = now() + make_interval(secs => ?)"
                        + " where id = ? and merchant_id = ? and deleted_at is null returning " + COLUMNS)
                .params(seal(newSecret(), id), box.keyId(), (double) overlap.toSeconds(), id, merchantId).query(mapper).single();
    }

    /**
     * Counts a delivery's final outcome. The failure that reaches {@code disableAfter} in a row disables the
     * endpoint and, in the same transaction, emits {@code webhook_endpoint.disabled} to the merchant's other
     * endpoints. Returns whether this call disabled it.
     */
    /** An attempt to the endpoint failed: why, for the API and the console, until the next success clears it. */
    @Transactional
    public void recordFailedAttempt(String id, String why) {
        jdbc.sql("update webhook_endpoints set last_failure = ?, last_failure_at = now() where id = ?").params(why, id).update();
    }

    /** Counts the attempt's outcome; disabling the endpoint and announcing it commit together. */
    @Transactional
    public boolean recordOutcome(String id, boolean delivered, int disableAfter) {
        if (delivered) {
            // written only when there is something to reset: a write per delivery made the endpoint's row
            // a point every delivery to it queued on
            jdbc.sql("""
                    update webhook_endpoints set consecutive_failures = 0, last_failure = null, last_failure_at = null
                    where id = ? and (consecutive_failures <> 0 or last_failure is not null)""")
                    .param(id).update();
            return false;
        }
        boolean disabledNow = jdbc.sql("""
                        with before as (select id, status from webhook_endpoints where id = ? for update)
                        update webhook_endpoints w set consecutive_failures = w.consecutive_failures + 1,
                               status = case when w.consecutive_failures + 1 >= ? then 'disabled' else w.status end
                        from before where w.id = before.id
                        returning before.status = 'enabled' and w.status = 'disabled'""")
                .params(id, disableAfter).query(Boolean.class).single();
        if (disabledNow) {
            Endpoint endpoint = get(id);
            outbox.appendObjectEvent(endpoint.merchantId(), null, "webhook_endpoint.disabled", "delivery_worker", endpoint.view());
        }
        return disabledNow;
    }
}
