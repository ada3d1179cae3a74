package dev.payrail.server.idempotency;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

/**
 * Idempotency keys in PostgreSQL. The primary key (scope, key) is the guarantee: of any number of
 * concurrent requests in any number of processes, exactly one inserts the row and executes.
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
    }

    private final JdbcClient jdbc;

    public IdempotencyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Claim claim(String scope, String key, byte[] fingerprint, String method, String path) {
        try {
            jdbc.sql("""
                    insert into idempotency_keys (scope, key, request_fingerprint, request_method, request_path, status)
                    values (?, ?, ?, ?, ?, 'in_progress')""")
                    .params(scope, key, fingerprint, method, path)
                    .update();
            return new Claim.Acquired();
        } catch (DuplicateKeyException taken) {
            return existing(scope, key, fingerprint);
        }
    }

    private Claim existing(String scope, String key, byte[] fingerprint) {
        Optional<Claim> claim = jdbc.sql("""
                        select request_fingerprint, status, response_status, response_body
                        from idempotency_keys where scope = ? and key = ?""")
                .params(scope, key)
                .query((rs, n) -> {
                    if (!MessageDigest.isEqual(rs.getBytes("request_fingerprint"), fingerprint)) {
                        return (Claim) new Claim.Mismatch();
                    }
                    if ("in_progress".equals(rs.getString("status"))) {
                        return new Claim.InProgress();
                    }
                    return new Claim.Replay(rs.getInt("response_status"), rs.getBytes("response_body"));
                })
                .optional();
        // Purged between our insert attempt and this read: treat as still in use; the client retries.
        return claim.orElse(new Claim.InProgress());
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
