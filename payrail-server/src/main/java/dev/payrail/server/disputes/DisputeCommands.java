package dev.payrail.server.disputes;

import dev.payrail.core.disputes.DisputeEvent;
import dev.payrail.core.disputes.DisputeStatus;
import dev.payrail.core.disputes.DisputeTransitions;
import dev.payrail.server.api.ApiException;
import org.springframework.stereotype.Service;
import dev.payrail.server.commands.Answer;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.commands.CommandPipeline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a merchant does with a dispute: save evidence (and submit it, before the due date) or accept it.
 * Each runs through the command pipeline in one commit (key, dispute row locked, change, event, key's answer,
 * audit row); a move the transition table forbids is a 409.
 */
@Service
class DisputeCommands {
    private final DisputeStore disputes;
    private final DisputeChanges changes;
    private final CommandPipeline pipeline;

    DisputeCommands(DisputeStore disputes, DisputeChanges changes, CommandPipeline pipeline) {
        this.disputes = disputes;
        this.changes = changes;
        this.pipeline = pipeline;
    }

    Answer updateEvidence(CommandOrigin origin, String merchantId, String id, Map<String, String> evidence, boolean submit) {
        String actor = origin.actor();
        return pipeline.once(origin, id, objectId -> current(merchantId, objectId), () -> answer(updatedEvidence(merchantId, id,
                evidence, submit, actor)));
    }

    private Dispute updatedEvidence(String merchantId, String id, Map<String, String> evidence, boolean submit, String actor) {
        {
            Dispute current = disputes.lock(merchantId, id).orElseThrow(() -> ApiException.notFound("dispute", id));
            if (current.status() != DisputeStatus.WARNING_NEEDS_RESPONSE && current.status() != DisputeStatus.NEEDS_RESPONSE) {
                throw ApiException.conflict("dispute_state_invalid",
                        "This dispute is " + current.status().wireName() + "; evidence can no longer be changed.");
            }
            if (current.pastDue(Instant.now())) {
                throw ApiException.conflict("dispute_past_due", "The evidence was due by " + current.dueBy() + ".");
            }
            Map<String, String> merged = new LinkedHashMap<>(current.evidence());
            merged.putAll(evidence);
            DisputeStatus next = current.status();
            Instant submittedAt = current.evidenceSubmittedAt();
            if (submit) {
                next = DisputeTransitions.next(current.status(), DisputeEvent.SUBMIT_EVIDENCE).orElseThrow();
                submittedAt = Instant.now();
            }
            Dispute updated = new Dispute(current.id(), current.merchantId(), current.paymentId(), current.provider(),
                    current.providerDisputeId(), current.amount(), next, current.reason(), merged, submittedAt,
                    current.dueBy(), current.fundsWithdrawn(), current.providerUpdatedAt(), current.created());
            if (!submit) {
                disputes.update(updated);
                return updated;
            }
            return changes.moved(current, updated, actor);
        }
    }

    Answer accept(CommandOrigin origin, String merchantId, String id) {
        return pipeline.once(origin, id, objectId -> current(merchantId, objectId), () -> answer(accepted(merchantId, id,
                origin.actor())));
    }

    private Answer current(String merchantId, String id) {
        return answer(disputes.find(merchantId, id).orElseThrow(() -> ApiException.notFound("dispute", id)));
    }

    private static Answer answer(Dispute dispute) {
        return Answer.ok(DisputeJson.of(dispute), dispute.id());
    }

    private Dispute accepted(String merchantId, String id, String actor) {
        {
            Dispute current = disputes.lock(merchantId, id).orElseThrow(() -> ApiException.notFound("dispute", id));
            DisputeStatus next = DisputeTransitions.next(current.status(), DisputeEvent.ACCEPT).orElseThrow(() ->
                    ApiException.conflict("dispute_state_invalid", "This dispute is " + current.status().wireName()
                            + "; it can no longer be accepted."));
            Dispute closed = new Dispute(current.id(), current.merchantId(), current.paymentId(), current.provider(),
                    current.providerDisputeId(), current.amount(), next, current.reason(), current.evidence(),
                    current.evidenceSubmittedAt(), current.dueBy(), current.fundsWithdrawn(), current.providerUpdatedAt(),
                    current.created());
            return changes.moved(current, closed, actor);
        }
    }
}
