package dev.payrail.server.idempotency;

import dev.payrail.server.PayrailProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

/**
 * Idempotency keys in PostgreSQL. The primary key (scope, key) is the guarantee: of any number of
 * concurrent requests in any number of processes, exactly one inserts the row and executes. A request whose
 * process dies leaves its key in progress; after {@code staleAfter} a retry recovers it: from what the
 * request created (recorded in the same transaction), or, when it created nothing, by running again.
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
         * The first request's process died while running it. {@code recoveryPath} names what it created, if it
         * got that far (null otherwise).
         */
        record Abandoned(String recoveryPath) implements Claim {
        }
    }

    /** The key of the request this thread is executing, so that what it creates can be recorded with it. */
    private static final ThreadLocal<String[]> CURRENT = new ThreadLocal<>();

    private final JdbcClient jdbc;
    private final Duration staleAfter;

    public IdempotencyStore(JdbcClient jdbc, PayrailProperties properties) {
        this.jdbc = jdbc;
        this.staleAfter = properties.idempotency().staleAfter();
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

    /**
     * Records, in the caller's transaction, where the object the current keyed request created can be read:
     * if the process dies before the answer is stored, a retry is answered from there. No-op without a key.
     */
    public void recordRecovery(String path) {
        String[] current = CURRENT.get();
        if (current != null) {
            jdbc.sql("update idempotency_keys set recovery_path = ? where scope = ? and key = ? and status = 'in_progress'")
                    .params(path, current[0], current[1]).update();
        }
    }

    void executing(String scope, String key) {
        CURRENT.set(new String[]{scope, key});
    }

    void done() {
        CURRENT.remove();
    }

    /** Takes over an abandoned key whose request created nothing: true when this caller now owns it. */
    boolean takeOver(String scope, String key, byte[] fingerprint, String method, String path) {
        jdbc.sql("""
                        delete from idempotency_keys where scope = ? and key = ? and status = 'in_progress'
                        and recovery_path is null and created_at < now() - make_interval(secs => ?)""")
                .params(scope, key, (double) staleAfter.toSeconds()).update();
        return claim(scope, key, fingerprint, method, path) instanceof Claim.Acquired;
    }

    private Claim existing(String scope, String key, byte[] fingerprint) {
        Optional<Claim> claim = jdbc.sql("""
                        select request_fingerprint, status, response_status, response_body, recovery_path,
                               created_at < now() - make_interval(secs => ?) as stale
                        from idempotency_keys where scope = ? and key = ?""")
                .params((double) staleAfter.toSeconds(), scope, key)
                .query((rs, n) -> {
                    if (!MessageDigest.isEqual(rs.getBytes("request_fingerprint"), fingerprint)) {
                        return (Claim) new Claim.Mismatch();
                    }
                    if ("in_progress".equals(rs.getString("status"))) {
                        return rs.getBoolean("stale") ? new Claim.Abandoned(rs.getString("recovery_path"))
                                : new Claim.InProgress();
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
