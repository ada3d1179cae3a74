package dev.payrail.server.checkout;

import dev.payrail.core.checkout.CheckoutSessionStatus;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A checkout session as the API and its events show it (Stripe's Checkout Session fields, where Payrail has them). */
final class CheckoutSessionJson {
    private CheckoutSessionJson() {
    }

    static Map<String, Object> of(CheckoutSession s, String url) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", s.id());
        json.put("object", "checkout.session");
        json.put("status", s.status().wireName());
        json.put("payment_status", s.status() == CheckoutSessionStatus.COMPLETE ? "paid" : "unpaid");
        json.put("amount_total", s.amount().minorUnits());
        json.put("currency", s.amount().currency().wireName());
        json.put("description", s.description());
        json.put("payment", s.paymentId());
        json.put("payment_method_types", s.paymentMethodTypes());
        // the customer's page while it takes payments; an ended session has none, as Stripe's does not
        json.put("url", s.status() == CheckoutSessionStatus.OPEN ? url : null);
        json.put("success_url", s.successUrl());
        json.put("cancel_url", s.cancelUrl());
        json.put("expires_at", s.expiresAt().getEpochSecond());
        json.put("completed_at", seconds(s.completedAt()));
        json.put("expired_at", seconds(s.expiredAt()));
        json.put("livemode", false);
        json.put("created", s.created().getEpochSecond());
        return json;
    }

    private static Long seconds(Instant at) {
        return at == null ? null : at.getEpochSecond();
    }
}
