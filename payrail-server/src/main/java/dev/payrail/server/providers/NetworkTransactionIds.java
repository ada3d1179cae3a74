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
        return stripeCharge(intent).path("payment_method_details").path("card").path("network_transaction_id").asString(null);
    }

    /**
     * The charge of a Stripe PaymentIntent, in either shape: API 2022-11-15's {@code latest_charge} when expanded,
     * otherwise 2020-08-27's {@code charges.data[0]}; a missing node when the intent has none.
     */
    static JsonNode stripeCharge(JsonNode intent) {
        JsonNode latest = intent.path("latest_charge");
        return latest.isObject() ? latest : intent.path("charges").path("data").path(0);
    }

    /** Adyen: {@code additionalData.networkTxReference}, of a /payments answer or an AUTHORISATION notification. */
    public static String adyen(JsonNode additionalData) {
        return additionalData.path("networkTxReference").asString(null);
    }
}
