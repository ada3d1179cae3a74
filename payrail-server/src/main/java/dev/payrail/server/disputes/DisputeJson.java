package dev.payrail.server.disputes;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The API shape of a dispute (also {@code data.object} of dispute events). */
final class DisputeJson {
    private DisputeJson() {
    }

    static Map<String, Object> of(Dispute d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", d.id());
        json.put("object", "dispute");
        json.put("payment", d.paymentId());
        json.put("amount", d.amount().minorUnits());
        json.put("currency", d.amount().currency().wireName());
        json.put("status", d.status().wireName());
        json.put("reason", d.reason());
        json.put("evidence", d.evidence());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("due_by", d.dueBy() == null ? null : d.dueBy().getEpochSecond());
        details.put("has_evidence", !d.evidence().isEmpty());
        details.put("past_due", !d.status().isFinal() && d.pastDue(Instant.now()));
        details.put("submitted", d.evidenceSubmittedAt() != null);
        json.put("evidence_details", details);
        json.put("funds_withdrawn", d.fundsWithdrawn());
        json.put("provider", d.provider());
        json.put("livemode", false);
        json.put("created", d.created().getEpochSecond());
        return json;
    }
}
