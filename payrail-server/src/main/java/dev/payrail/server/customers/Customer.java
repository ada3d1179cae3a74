package dev.payrail.server.customers;

import java.time.Instant;
import java.util.Map;

/** A merchant's customer as stored; a deleted one keeps only its id, merchant and dates. */
public record Customer(String id, String merchantId, String email, String name, String phone, String description,
                       Map<String, String> metadata, String defaultPaymentMethod, Instant created, Instant deleted,
                       long version) {

    public boolean isDeleted() {
        return deleted != null;
    }
}
