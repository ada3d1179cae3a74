package dev.payrail.server.commands;

import dev.payrail.server.audit.AuditLog;
import dev.payrail.server.idempotency.IdempotencyKey;
import dev.payrail.server.idempotency.IdempotencyStore;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one unit of work every mutating command runs through, in at most two commits around one provider call:
 *
 * <ol>
 *   <li>{@link #begin}: claim the idempotency key (recording the object the command creates or acts on), then
 *       the command loads and locks what it acts on, asks {@code payrail-core} what follows and persists it:
 *       one transaction. A key already taken answers instead ({@link KeyTaken}) and nothing runs.</li>
 *   <li>the provider call, outside any transaction, by the command itself;</li>
 *   <li>{@link #end}: the command applies the answer, then the key's answer and the request's audit row are
 *       written: one transaction, so a stored answer never disagrees with what committed.</li>
 * </ol>
 *
 * A command without a provider call does all of it in one commit ({@link #once}). Modelled on Formance's
 * {@code log_process.go} (key lookup and hash check, the transaction, the log, the commit, in one wrapper).
 */
@Component
public class CommandPipeline {
    private final TransactionTemplate tx;
    private final IdempotencyStore keys;
    private final AuditLog audit;
    private final JsonMapper json;

    CommandPipeline(TransactionTemplate tx, IdempotencyStore keys, AuditLog audit, JsonMapper json) {
        this.tx = tx;
        this.keys = keys;
        this.audit = audit;
        this.json = json;
    }

    /**
     * The first commit: claims {@code origin}'s key for {@code objectId} and runs {@code work} in the same
     * transaction. When the key's first request died after its own first commit, {@code recover} answers with
     * the object as it is now (the resolver settles whatever call was cut off).
     */
    public <T> T begin(CommandOrigin origin, String objectId, Function<String, Answer> recover, Supplier<T> work) {
        return tx.execute(status -> {
            origin.key().ifPresent(key -> claim(origin, key, objectId, recover));
            return work.get();
        });
    }

    /**
     * What a command's first commit leads to: either its answer already (nothing to send: the answer and the audit
     * row joined that commit), or what to send to the provider.
     */
    public sealed interface Step<T> {
        record Answered<T>(Answer answer) implements Step<T> {
        }

        record Send<T>(T prepared) implements Step<T> {
        }
    }

    /**
     * {@link #begin} for a command that learns only inside its first transaction whether it calls a provider at
     * all (a create that may not be confirmed, a cancel of a payment that may not be authorized): an
     * {@link Step.Answered} step is answered and audited in that same commit.
     */
    public <T> Step<T> beginOrAnswer(CommandOrigin origin, String objectId, Function<String, Answer> recover,
                                     Supplier<Step<T>> work) {
        Step<T> step = tx.execute(status -> {
            origin.key().ifPresent(key -> claim(origin, key, objectId, recover));
            Step<T> s = work.get();
            if (s instanceof Step.Answered<T> answered) {
                record(origin, answered.answer());
            }
            return s;
        });
        if (step instanceof Step.Answered<T>) {
            origin.audited().run();
        }
        return step;
    }

    /** The last commit: {@code work} applies what happened, then the key's answer and the audit row join it. */
    public Answer end(CommandOrigin origin, Supplier<Answer> work) {
        Answer answer = tx.execute(status -> {
            Answer a = work.get();
            record(origin, a);
            return a;
        });
        origin.audited().run();
        return answer;
    }

    /** A command with no provider call: claim, work, answer and audit in one commit. */
    public Answer once(CommandOrigin origin, String objectId, Function<String, Answer> recover, Supplier<Answer> work) {
        Step<Void> step = beginOrAnswer(origin, objectId, recover, () -> new Step.Answered<>(work.get()));
        return ((Step.Answered<Void>) step).answer();
    }

    /** The controller's answer to the client: exactly what the key stored. */
    public org.springframework.http.ResponseEntity<byte[]> respond(Answer answer) {
        return answer.response(bytes(answer));
    }

    /** The bytes an answer is sent and stored as: one serialization, so a replay is the same bytes. */
    public byte[] bytes(Answer answer) {
        return json.writeValueAsBytes(answer.body());
    }

    private void claim(CommandOrigin origin, IdempotencyKey key, String objectId, Function<String, Answer> recover) {
        IdempotencyStore.Claim claim = keys.claimWithin(key, objectId);
        if (claim instanceof IdempotencyStore.Claim.Acquired) {
            return;
        }
        if (claim instanceof IdempotencyStore.Claim.Replay replay) {
            throw new KeyTaken(replay.status(), replay.body(), false);
        }
        if (claim instanceof IdempotencyStore.Claim.Mismatch) {
            throw IdempotencyStore.reused();
        }
        if (claim instanceof IdempotencyStore.Claim.Abandoned abandoned && abandoned.objectId() != null) {
            Answer now = recover.apply(abandoned.objectId());
            AnswerShape.Worded worded = origin.shape().apply(200, bytes(now));
            throw new KeyTaken(worded.status(), worded.body(), true);
        }
        throw IdempotencyStore.inUse();
    }

    private void record(CommandOrigin origin, Answer answer) {
        Optional<IdempotencyKey> key = origin.key();
        key.ifPresent(k -> {
            AnswerShape.Worded worded = origin.shape().apply(answer.status(), bytes(answer));
            keys.answerWithin(k, worded.status(), worded.body());
        });
        if (origin.audits()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("status", answer.status());
            // as the audit filter does: the object the path names, else the one the answer is about (a create's)
            String object = origin.auditObject() != null ? origin.auditObject() : answer.objectId();
            audit.record(origin.auditActor(), origin.auditAction(), object, origin.requestId(), origin.sourceIp(),
                    AuditLog.outcome(answer.status()), detail);
        }
    }
}
