package dev.payrail.server.providers;

import tools.jackson.databind.JsonNode;

/**
 * Where each provider tells the card network's id of an approved authorization, in its answers and its webhooks alike:
 * the id a saved card's merchant-initiated payments cite later.
 */
public final class NetworkTransactionIds {
    private NetworkTransactionIds() {
    }

    /** Stripe: the intent's charge, {@code payment_method_details.card.network_transaction_id}. */
    public static String stripe(JsonNode intent) {
        JsonNode charges = intent.path("charges").path("data");
        return charges.isEmpty() ? null
                : charges.get(0).path("payment_method_details").path("card").path("network_transaction_id").asString(null);
    }

    /** Adyen: {@code additionalData.networkTxReference}, of a /payments answer or an AUTHORISATION notification. */
    public static String adyen(JsonNode additionalData) {
        return additionalData.path("networkTxReference").asString(null);
    }
}
