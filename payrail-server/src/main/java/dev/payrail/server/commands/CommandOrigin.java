package dev.payrail.server.commands;

import dev.payrail.server.idempotency.IdempotencyKey;

import java.util.Optional;

/**
 * Who asked for a command and how, as the HTTP layer (or a background job) hands it down: the actor, the
 * idempotency key if one came, and what the audit row of the request says (the action, and the object the path
 * names, if it names one: else the audit row names the object the answer is about). A value: the commands never read
 * the request. {@code audited} is called once the command's own commit holds the request's audit row, so
 * the audit filter does not write a second one.
 */
public record CommandOrigin(String actor, Optional<IdempotencyKey> key, String auditActor, String auditAction,
                            String auditObject, String requestId, String sourceIp, Runnable audited, AnswerShape shape) {

    /** A background job's command: no key, no request, audited by the job's own rows where it has any. */
    public static CommandOrigin job(String actor) {
        return new CommandOrigin(actor, Optional.empty(), null, null, null, null, null, () -> {
        }, AnswerShape.AS_IS);
    }

    /**
     * A background job's command under its own idempotency key ({@code key}, scoped to the job): the job running it
     * again, in this process or another, after a crash or a race, gets the first run's answer instead of a second
     * command.
     */
    public static CommandOrigin keyedJob(String actor, String key) {
        byte[] fingerprint;
        try {
            fingerprint = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((actor + "\n" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
        IdempotencyKey idempotencyKey = new IdempotencyKey("job:" + actor, key, fingerprint, "POST", "job:" + actor);
        return new CommandOrigin(actor, Optional.of(idempotencyKey), null, null, null, null, null, () -> {
        }, AnswerShape.AS_IS);
    }

    /** The same origin, its answer stored (and so replayed) in {@code wording}: another surface's words. */
    public CommandOrigin shapedBy(AnswerShape wording) {
        return new CommandOrigin(actor, key, auditActor, auditAction, auditObject, requestId, sourceIp, audited, wording);
    }

    boolean audits() {
        return auditAction != null;
    }
}
