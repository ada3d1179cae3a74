package dev.payrail.server.security;

import jakarta.servlet.http.HttpServletRequest;

/** Who is calling: a merchant (by API key) or the operator (by admin token). */
public record Caller(String merchantId, boolean admin) {
    static final String ATTRIBUTE = "payrail.caller";

    public static Caller merchant(String merchantId) {
        return new Caller(merchantId, false);
    }

    public static Caller operator() {
        return new Caller(null, true);
    }

    /** The idempotency-key scope: keys of different merchants never collide. */
    public String scope() {
        return admin ? "admin" : merchantId;
    }

    public static Caller of(HttpServletRequest request) {
        Object caller = request.getAttribute(ATTRIBUTE);
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller on " + request.getRequestURI());
        }
        return (Caller) caller;
    }

    public String actor() {
        return admin ? "admin" : "merchant:" + merchantId;
    }
}
