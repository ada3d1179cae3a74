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
    final long createdMillis = System.currentTimeMillis();
    final String paymentReference;
    final long amount;
    final String currency;
    final String brand;
    final String last4;
    final Instant created = Instant.now();
    String status;
    String declineCode;
    long capturedAmount;
    long refundedAmount;
    final List<Map<String, Object>> refunds = new ArrayList<>();

    Authorization(String id, String paymentReference, long amount, String currency, String brand, String last4) {
        this.id = id;
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
        json.put("created", created.getEpochSecond());
        return json;
    }
}
