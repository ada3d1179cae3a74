package dev.payrail.server.payouts;

import dev.payrail.core.money.Money;
import dev.payrail.core.payouts.PayoutStatus;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One payout as stored. */
record Payout(String id, String merchantId, Money amount, String destination, PayoutStatus status, boolean automatic,
              String provider, String providerReference, boolean outcomeUnknown, String failureCode, Instant sendAt,
              Instant sendingStartedAt, Instant created) {

    /** The API shape (also {@code data.object} of payout events). */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("object", "payout");
        json.put("amount", amount.minorUnits());
        json.put("currency", amount.currency().wireName());
        json.put("destination", destination);
        json.put("status", status.wireName());
        json.put("automatic", automatic);
        json.put("failure_code", failureCode);
        json.put("outcome_unknown", outcomeUnknown);
        json.put("send_at", sendAt.getEpochSecond());
        json.put("livemode", false);
        json.put("created", created.getEpochSecond());
        return json;
    }
}
