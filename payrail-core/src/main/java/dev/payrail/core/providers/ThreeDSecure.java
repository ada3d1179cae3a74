package dev.payrail.core.providers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What an EMV 3-D Secure authentication established, as a provider reports it: the protocol version, the flow
 * ({@code frictionless} or {@code challenge}), the outcome ({@code authenticated}, {@code attempted},
 * {@code failed}, {@code rejected}, {@code unavailable}), the ECI and whether the liability for fraud shifts to the
 * issuer. Deliberately nothing else: the authentication value (CAVV) and the transaction ids stay at the provider,
 * so no log, event or row of Payrail can carry them.
 */
public record ThreeDSecure(String version, String flow, String outcome, String eci, boolean liabilityShift) {
    public static final Set<String> FLOWS = Set.of("frictionless", "challenge");
    public static final Set<String> OUTCOMES = Set.of("authenticated", "attempted", "failed", "rejected", "unavailable");

    public ThreeDSecure {
        if (flow != null && !FLOWS.contains(flow)) {
            throw new IllegalArgumentException("unknown 3-D Secure flow " + flow);
        }
        if (!OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException("unknown 3-D Secure outcome " + outcome);
        }
        if (eci != null && !eci.matches("0[0-7]")) {
            throw new IllegalArgumentException("an ECI is two digits, not " + eci);
        }
    }

    /** The API's and the events' shape. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", version);
        json.put("authentication_flow", flow);
        json.put("result", outcome);
        json.put("electronic_commerce_indicator", eci);
        json.put("liability_shift", liabilityShift);
        return json;
    }
}
