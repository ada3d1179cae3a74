package dev.payrail.server.support;

import dev.payrail.server.providers.ProviderEndpoints;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Asks the providers' simulators, over their HTTP API, what they actually charged; tells their issuers what to answer. */
public final class Simulator {
    private final Map<String, ApiClient> simulators = new LinkedHashMap<>();

    Simulator(ProviderEndpoints endpoints, List<String> providers) {
        providers.forEach(p -> simulators.put(p, new ApiClient(endpoints.get(p).baseUrl(), null)));
    }

    /** Every authorization any provider's simulator holds for one Payrail payment. */
    public List<JsonNode> authorizationsFor(String paymentId) {
        List<JsonNode> found = new ArrayList<>();
        for (ApiClient simulator : simulators.values()) {
            simulator.get("/sim/authorizations?payment_reference=" + paymentId).body().path("data").forEach(found::add);
        }
        return found;
    }

    /** The providers whose simulator holds an authorization for one Payrail payment. */
    public java.util.Set<String> providersAuthorizing(String paymentId) {
        java.util.Set<String> found = new java.util.TreeSet<>();
        simulators.forEach((provider, simulator) -> {
            if (!simulator.get("/sim/authorizations?payment_reference=" + paymentId).body().path("data").isEmpty()) {
                found.add(provider);
            }
        });
        return found;
    }

    /** Sets every simulator's issuers to {@code month} (null: today's): what a card's expiry is judged by. */
    public void setMonth(java.time.YearMonth month) {
        for (ApiClient simulator : simulators.values()) {
            ApiClient.Response set = simulator.post("/sim/clock", "{\"month\": " + (month == null ? "null" : "\"" + month + "\"") + "}");
            if (set.status() != 200) {
                throw new AssertionError("the simulator refused the month: " + set.body());
            }
        }
    }

    /**
     * The issuer reissues the card {@code number} as {@code newNumber} (null: the same number) expiring
     * {@code expMonth}/{@code expYear}, at every provider's simulator: the network is one, whichever acquirer asks.
     */
    public void reissue(String number, String newNumber, int expMonth, int expYear) {
        for (ApiClient simulator : simulators.values()) {
            ApiClient.Response told = simulator.post("/sim/network/reissues", "{\"number\": \"" + number + "\", "
                    + (newNumber == null ? "" : "\"new_number\": \"" + newNumber + "\", ") + "\"exp_month\": " + expMonth
                    + ", \"exp_year\": " + expYear + "}");
            if (told.status() != 200) {
                throw new AssertionError("the simulator refused the reissue: " + told.body());
            }
        }
    }

    /**
     * Tells the issuer of the Visa card ending {@code last4}, behind {@code provider}'s simulator only, to decline its
     * next authorization with {@code declineCode}.
     */
    public void instructIssuer(String provider, String last4, String declineCode) {
        instructIssuer(provider, "visa", last4, declineCode, 1);
    }

    /** Tells the issuer of the {@code brand} card ending {@code last4} to decline its next {@code times} authorizations. */
    public void instructIssuer(String provider, String brand, String last4, String declineCode, int times) {
        ApiClient.Response told = simulators.get(provider).post("/sim/issuer/instructions", "{\"brand\": \"" + brand
                + "\", \"last4\": \"" + last4 + "\", \"decline_code\": \"" + declineCode + "\", \"times\": " + times + "}");
        if (told.status() != 200) {
            throw new AssertionError("the simulator refused the instruction: " + told.body());
        }
    }
}
