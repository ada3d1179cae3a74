package dev.payrail.server.idempotency;

import dev.payrail.server.PayrailProperties;
import dev.payrail.server.api.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

/**
 * Idempotency keys in PostgreSQL. The primary key (scope, key) is the guarantee: of any number of
 * concurrent requests in any number of processes, exactly one inserts the row and executes. A request whose
 * process dies leaves its key in progress; after {@code staleAfter} a retry recovers it: from the object the
 * command created or acted on (recorded with the claim, in the command's first commit), or, for a request outside
 * the command pipeline that created nothing, by running again.
 */
@Repository
public class IdempotencyStore {

    /** What a request with a key may do. */
    public sealed interface Claim {
        /** This request owns the key and executes. */
        record Acquired() implements Claim {
        }

        /** An earlier request with the same key and body finished: answer as it did. */
        record Replay(int status, byte[] body) implements Claim {
        }

        /** The same key came with a different request. */
        record Mismatch() implements Claim {
        }

        /** The first request with this key is still running. */
        record InProgress() implements Claim {
        }

        /**
         * The first request's process died while running it. {@code objectId} names what it created or acted on,
         * recorded with the claim (null for a request outside the command pipeline).
         */
        record Abandoned(String objectId) implements Claim {
        }
    }

    private final JdbcClient jdbc;
    private final Duration staleAfter;

    public IdempotencyStore(JdbcClient jdbc, PayrailProperties properties) {
        this.jdbc = jdbc;
        this.staleAfter = properties.idempotency().staleAfter();
    }

    /** Claims the key in a statement of its own: for a request outside the command pipeline. */
    public Claim claim(IdempotencyKey key) {
        return tryClaim(key, null);
    }

    /**
     * Claims the key inside the caller's transaction, the first statement of a command's first commit, recording
     * the object the command creates or acts on: if the process dies after that commit, a retry is answered
     * from the object. The claim commits or rolls back with everything the command wrote, so a command refused
     * half-way leaves the key free. A second request with the key waits here until the first's commit, then
     * finds the key taken.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Claim claimWithin(IdempotencyKey key, String objectId) {
        return tryClaim(key, objectId);
    }

    private Claim tryClaim(IdempotencyKey key, String objectId) {
        int inserted = jdbc.sql("""
                insert into idempotency_keys (scope, key, request_fingerprint, request_method, request_path, status, object_id)
                values (?, ?, ?, ?, ?, 'in_progress', ?) on conflict (scope, key) do nothing""")
                .params(key.scope(), key.key(), key.fingerprint(), key.method(), key.path(), objectId)
                .update();
        return inserted == 1 ? new Claim.Acquired() : existing(key.scope(), key.key(), key.fingerprint());
    }

    /** A reuse of a key with other parameters: 422, whichever path found it. */
    public static ApiException reused() {
        return ApiException.of(422, "idempotency_error", "idempotency_key_reused",
                "Keys for idempotent requests can only be used with the same parameters they were first used with.", null);
    }

    /** A key whose first request is still running (or died running it): 409, whichever path found it. */
    public static ApiException inUse() {
        return ApiException.conflict("idempotency_key_in_use",
                "A request with this Idempotency-Key is still being processed; retry shortly.");
    }

    /** Stores the key's answer inside the caller's transaction: the command's last commit. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void answerWithin(IdempotencyKey key, int status, byte[] body) {
        complete(key.scope(), key.key(), status, body);
    }

    private Claim existing(String scope, String key, byte[] fingerprint) {
        // Purged between our insert attempt and this read: treat as still in use; the client retries.
        return find(scope, key, fingerprint).orElse(new Claim.InProgress());
    }

    /** What the key holds for a request with {@code fingerprint}, if anybody used it: a read, claiming nothing. */
    Optional<Claim> find(String scope, String key, byte[] fingerprint) {
        return jdbc.sql("""
                        select request_fingerprint, status, response_status, response_body, object_id,
                               created_at < now() - make_interval(secs => ?) as stale
                        from idempotency_keys where scope = ? and key = ?""")
                .params((double) staleAfter.toSeconds(), scope, key)
                .query((rs, n) -> {
                    if (!MessageDigest.isEqual(rs.getBytes("request_fingerprint"), fingerprint)) {
                        return (Claim) new Claim.Mismatch();
                    }
                    if ("in_progress".equals(rs.getString("status"))) {
                        return rs.getBoolean("stale") ? new Claim.Abandoned(rs.getString("object_id"))
                                : new Claim.InProgress();
                    }
                    return new Claim.Replay(rs.getInt("response_status"), rs.getBytes("response_body"));
                })
                .optional();
    }

    public void complete(String scope, String key, int status, byte[] body) {
        jdbc.sql("""
                update idempotency_keys set status = 'completed', response_status = ?, response_body = ?,
                       completed_at = now()
                where scope = ? and key = ?""")
                .params(status, body, scope, key)
                .update();
    }

    /** Frees a key whose request did nothing (refused before execution), so a corrected retry can use it. */
    public void release(String scope, String key) {
        jdbc.sql("delete from idempotency_keys where scope = ? and key = ? and status = 'in_progress'")
                .params(scope, key)
                .update();
    }

    /** Deletes keys older than {@code retention}; returns how many. */
    public int purgeOlderThan(Duration retention) {
        return jdbc.sql("delete from idempotency_keys where created_at < now() - make_interval(secs => ?)")
                .param((double) retention.toSeconds())
                .update();
    }
}
