package dev.payrail.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The acquirer's own record of one authorization and what happened to it since. */
final class Authorization {
    final String id;
    /** When it was made, for settlement reports of a period. */
    final long createdMillis;
    final String paymentReference;
    final long amount;
    final String currency;
    final String brand;
    final String last4;
    /** authorized, captured, declined, voided; or requires_action while the customer is at the ACS, canceled if never. */
    String status;
    String declineCode;
    /** Whether an approval captures at once: kept for an approval that comes after the customer's challenge. */
    boolean captureOnApproval;
    /** What the 3-D Secure authentication established (the ACS's answer, with its authentication value), or null. */
    Map<String, Object> threeDSecure;
    /** Where the customer is sent while {@code requires_action}. */
    String challengeUrl;
    /** The card network's id of an approved authorization, which later merchant-initiated payments may cite. */
    String networkTransactionId;
    /** The authorization stores the card (the first of a stored-credential series): its approval opens the series. */
    boolean storesCredential;
    long capturedAmount;
    long refundedAmount;
    final List<Map<String, Object>> refunds = new ArrayList<>();

    Authorization(String id, String paymentReference, long amount, String currency, String brand, String last4) {
        this(id, System.currentTimeMillis(), paymentReference, amount, currency, brand, last4);
    }

    private Authorization(String id, long createdMillis, String paymentReference, long amount, String currency, String brand,
                          String last4) {
        this.id = id;
        this.createdMillis = createdMillis;
        this.paymentReference = paymentReference;
        this.amount = amount;
        this.currency = currency;
        this.brand = brand;
        this.last4 = last4;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("object", "authorization");
        json.put("status", status);
        json.put("amount", amount);
        json.put("currency", currency);
        json.put("captured_amount", capturedAmount);
        json.put("refunded_amount", refundedAmount);
        json.put("payment_reference", paymentReference);
        json.put("card", Map.of("brand", brand, "last4", last4));
        if (declineCode != null) {
            json.put("decline_code", declineCode);
        }
        if (threeDSecure != null) {
            json.put("three_d_secure", threeDSecure);
        }
        if (networkTransactionId != null) {
            json.put("network_transaction_id", networkTransactionId);
        }
        if ("requires_action".equals(status)) {
            json.put("next_action", Map.of("type", "redirect_to_url", "redirect_to_url", Map.of("url", challengeUrl)));
        }
        json.put("created", Instant.ofEpochMilli(createdMillis).getEpochSecond());
        return json;
    }

    /** Everything about it, for the simulator's journal; the caller holds the authorization's lock. */
    Map<String, Object> toRecord() {
        Map<String, Object> record = toJson();
        record.put("created_millis", createdMillis);
        record.put("refunds", List.copyOf(refunds));
        record.put("capture_on_approval", captureOnApproval);
        record.put("challenge_url", challengeUrl);
        record.put("stores_credential", storesCredential);
        return record;
    }

    @SuppressWarnings("unchecked")
    static Authorization fromRecord(Map<String, Object> record) {
        Map<String, Object> card = (Map<String, Object>) record.get("card");
        Authorization auth = new Authorization((String) record.get("id"), ((Number) record.get("created_millis")).longValue(),
                (String) record.get("payment_reference"), ((Number) record.get("amount")).longValue(),
                (String) record.get("currency"), (String) card.get("brand"), (String) card.get("last4"));
        auth.status = (String) record.get("status");
        auth.declineCode = (String) record.get("decline_code");
        auth.capturedAmount = ((Number) record.get("captured_amount")).longValue();
        auth.refundedAmount = ((Number) record.get("refunded_amount")).longValue();
        auth.refunds.addAll((List<Map<String, Object>>) record.get("refunds"));
        auth.captureOnApproval = Boolean.TRUE.equals(record.get("capture_on_approval"));
        auth.threeDSecure = (Map<String, Object>) record.get("three_d_secure");
        auth.challengeUrl = (String) record.get("challenge_url");
        auth.networkTransactionId = (String) record.get("network_transaction_id");
        auth.storesCredential = Boolean.TRUE.equals(record.get("stores_credential"));
        return auth;
    }
}
