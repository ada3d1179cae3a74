package dev.payrail.server.support;

import dev.payrail.server.providers.ProviderEndpoints;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Asks the providers' simulators, over their HTTP API, what they actually charged. */
public final class Simulator {
    private final List<ApiClient> simulators = new ArrayList<>();

    Simulator(ProviderEndpoints endpoints, List<String> providers) {
        providers.forEach(p -> simulators.add(new ApiClient(endpoints.get(p).baseUrl(), null)));
    }

    /** Every authorization any provider's simulator holds for one Payrail payment. */
    public List<JsonNode> authorizationsFor(String paymentId) {
        List<JsonNode> found = new ArrayList<>();
        for (ApiClient simulator : simulators) {
            simulator.get("/sim/authorizations?payment_reference=" + paymentId).body().path("data").forEach(found::add);
        }
        return found;
    }
}
