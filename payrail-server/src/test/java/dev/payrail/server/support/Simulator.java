package dev.payrail.server.support;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Asks the provider simulator, over its HTTP API, what it actually charged. */
public final class Simulator {
    private final ApiClient http;

    Simulator(String baseUrl) {
        this.http = new ApiClient(baseUrl, null);
    }

    /** Every authorization the simulator holds for one Payrail payment. */
    public List<JsonNode> authorizationsFor(String paymentId) {
        ApiClient.Response response = http.get("/sim/authorizations?payment_reference=" + paymentId);
        List<JsonNode> found = new ArrayList<>();
        response.body().path("data").forEach(found::add);
        return found;
    }
}
