package dev.payrail.server.security;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;
import java.util.Set;

/**
 * Who is calling: a merchant through one of its API keys (with that key's kind, mode and permissions), or an
 * operator with a role.
 */
public record Caller(String merchantId, String keyId, KeyKind keyKind, String mode, Set<String> permissions,
                     String operator, OperatorRole role) {
    static final String ATTRIBUTE = "payrail.caller";

    /** What a key may do: everything, read everything, named permissions, or only create payment methods. */
    public enum KeyKind {
        SECRET, READ_ONLY, RESTRICTED, PUBLISHABLE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Operators' roles, each including the one before: viewers read, operators act, admins configure. */
    public enum OperatorRole {
        VIEWER, OPERATOR, ADMIN;

        boolean includes(OperatorRole needed) {
            return compareTo(needed) >= 0;
        }
    }

    public static Caller merchant(String merchantId, String keyId, KeyKind kind, String mode, Set<String> permissions) {
        return new Caller(merchantId, keyId, kind, mode, Set.copyOf(permissions), null, null);
    }

    public static Caller operator(String name, OperatorRole role) {
        return new Caller(null, null, null, null, Set.of(), name, role);
    }

    public boolean admin() {
        return operator != null;
    }

    public boolean testMode() {
        return "test".equals(mode);
    }

    /** The idempotency-key scope: keys of different merchants never collide. */
    public String scope() {
        return admin() ? "admin" : merchantId;
    }

    public static Caller of(HttpServletRequest request) {
        return find(request).orElseThrow(() -> new IllegalStateException("no authenticated caller on " + request.getRequestURI()));
    }

    public static Optional<Caller> find(HttpServletRequest request) {
        return Optional.ofNullable((Caller) request.getAttribute(ATTRIBUTE));
    }

    /** The actor recorded on a payment's timeline. */
    public String actor() {
        return admin() ? "admin" : "merchant:" + merchantId;
    }

    /** The actor recorded in the audit log: which key of which merchant, or which operator. */
    public String auditActor() {
        return admin() ? "operator:" + operator : "merchant:" + merchantId + "/" + keyId;
    }
}
