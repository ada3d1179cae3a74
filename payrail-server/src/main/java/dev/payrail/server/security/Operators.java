package dev.payrail.server.security;

import dev.payrail.server.PayrailProperties;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Operator credentials, separate from merchant keys: the admin token (role admin) and the operators listed
 * in configuration as {@code name:role:sha256-hex-of-token}, so that configuration never holds a usable
 * token. Every credential is compared in constant time; a malformed entry refuses to start.
 */
@Component
public class Operators {
    record Operator(String name, Caller.OperatorRole role, byte[] tokenHash) {
    }

    private final List<Operator> operators = new ArrayList<>();

    Operators(PayrailProperties properties, AdminToken adminToken) {
        operators.add(new Operator("admin", Caller.OperatorRole.ADMIN, ApiKeys.hash(adminToken.value())));
        for (String entry : properties.security().operators()) {
            operators.add(parse(entry.strip()));
        }
    }

    static Operator parse(String entry) {
        String[] parts = entry.split(":");
        if (parts.length != 3 || parts[0].isBlank() || !parts[2].matches("[0-9a-fA-F]{64}")) {
            throw new IllegalStateException("PAYRAIL_OPERATORS entries are name:role:sha256-hex-of-token; refusing to "
                    + "start with '" + (parts.length > 0 ? parts[0] : "") + ":...'");
        }
        Caller.OperatorRole role;
        try {
            role = Caller.OperatorRole.valueOf(parts[1].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("operator " + parts[0] + " has unknown role " + parts[1]
                    + " (viewer, operator or admin); refusing to start");
        }
        return new Operator(parts[0], role, HexFormat.of().parseHex(parts[2].toLowerCase(Locale.ROOT)));
    }

    /** Who may operate Payrail: each operator's name and role (for access reviews; never a token or its hash). */
    public java.util.Map<String, String> roster() {
        java.util.Map<String, String> roster = new java.util.LinkedHashMap<>();
        operators.forEach(o -> roster.put(o.name(), o.role().name().toLowerCase(Locale.ROOT)));
        return roster;
    }

    /** The operator holding {@code token}; every entry is compared, so timing does not tell which matched. */
    Optional<Caller> authenticate(String token) {
        byte[] presented = ApiKeys.hash(token);
        Caller found = null;
        for (Operator operator : operators) {
            if (java.security.MessageDigest.isEqual(presented, operator.tokenHash()) && found == null) {
                found = Caller.operator(operator.name(), operator.role());
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The role an operator call needs: reading is for viewers; configuring merchants, keys, the vault,
     * providers, routing and feature flags is for admins; every other action (replays, reconciliation runs, exception
     * handling) for operators.
     */
    static Caller.OperatorRole required(String method, String path) {
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return Caller.OperatorRole.VIEWER;
        }
        for (String adminOnly : List.of("/v1/admin/merchants", "/v1/admin/vault", "/v1/admin/providers",
                "/v1/admin/routing_rules", "/v1/admin/account_updater", "/v1/admin/flags")) {
            if (path.startsWith(adminOnly)) {
                return Caller.OperatorRole.ADMIN;
            }
        }
        return Caller.OperatorRole.OPERATOR;
    }
}
