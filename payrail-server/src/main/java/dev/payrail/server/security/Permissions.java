package dev.payrail.server.security;

import java.util.Map;
import java.util.Set;

/**
 * The permission each merchant endpoint needs: {@code <resource>:read} for GET, {@code <resource>:write}
 * otherwise. A restricted key holds named permissions (write includes read); a read-only key holds every
 * read; a publishable key may only create payment methods and, holding a payment's client secret, confirm and read
 * that payment ({@code /v1/client/...}), which is all a browser or app should hold. Key
 * management needs a full secret key and is not grantable.
 */
public final class Permissions {
    /** The first path segment under /v1 of each merchant resource, and the permission family it belongs to. */
    private static final Map<String, String> RESOURCES = Map.ofEntries(
            Map.entry("payment_methods", "payment_methods"),
            Map.entry("payments", "payments"),
            // the Stripe-compatible surface's names of the same resources
            Map.entry("payment_intents", "payments"),
            Map.entry("charges", "payments"),
            Map.entry("customers", "customers"),
            // saving a card to a customer without a payment
            Map.entry("setup_intents", "customers"),
            // a payer's authorization to debit their bank account
            Map.entry("mandates", "customers"),
            // a hosted checkout is a payment the customer completes on Payrail's page
            Map.entry("checkout_sessions", "payments"),
            Map.entry("refunds", "refunds"),
            Map.entry("payouts", "payouts"),
            Map.entry("disputes", "disputes"),
            Map.entry("balance", "reports"),
            Map.entry("balance_transactions", "reports"),
            Map.entry("events", "events"),
            Map.entry("webhook_endpoints", "webhooks"),
            Map.entry("event_deliveries", "webhooks"),
            Map.entry("api_keys", "keys"),
            // the browser's side of a payment (payrail.js): the payment's client secret is checked by its controller
            Map.entry("client", "client"));

    /** Every permission a restricted key may be given. */
    public static final Set<String> GRANTABLE = Set.of("payment_methods:write", "payment_methods:read",
            "payments:write", "payments:read", "refunds:write", "refunds:read", "payouts:write", "payouts:read",
            "disputes:write", "disputes:read", "reports:read", "events:read", "webhooks:write", "webhooks:read",
            "customers:write", "customers:read");

    private Permissions() {
    }

    /** The permission {@code method path} needs; "unknown" for a path outside the merchant API (refused). */
    static String required(String method, String path) {
        String[] segments = dev.payrail.server.api.ApiSurfaces.clientPath(path).split("/");
        String family = segments.length > 2 ? RESOURCES.get(segments[2]) : null;
        if (family == null) {
            return "unknown";
        }
        return family + ("GET".equals(method) || "HEAD".equals(method) ? ":read" : ":write");
    }

    static boolean allows(Caller caller, String permission) {
        switch (caller.keyKind()) {
            case SECRET:
                return true;
            case READ_ONLY:
                return permission.endsWith(":read") && !permission.startsWith("keys:");
            case PUBLISHABLE:
                return "payment_methods:write".equals(permission) || permission.startsWith("client:");
            case RESTRICTED:
                return caller.permissions().contains(permission)
                        || permission.endsWith(":read")
                        && caller.permissions().contains(permission.replace(":read", ":write"));
            default:
                return false;
        }
    }
}
