package dev.payrail.server.customers;

import java.util.LinkedHashMap;
import java.util.Map;

/** The API's JSON shapes of a customer, and of one deleted (only its id, as Stripe answers). */
final class CustomerJson {
    private CustomerJson() {
    }

    static Map<String, Object> of(Customer c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", c.id());
        json.put("object", "customer");
        json.put("livemode", false);
        json.put("created", c.created().getEpochSecond());
        json.put("email", c.email());
        json.put("name", c.name());
        json.put("phone", c.phone());
        json.put("description", c.description());
        json.put("metadata", c.metadata());
        json.put("default_payment_method", c.defaultPaymentMethod());
        return json;
    }

    static Map<String, Object> deleted(String id) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("object", "customer");
        json.put("deleted", true);
        return json;
    }
}
