package dev.payrail.server.security;

import dev.payrail.server.api.Ids;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * API keys: a prefix that says what the key is ({@code sk_} secret, {@code rk_} restricted or read-only,
 * {@code pk_} publishable; then {@code test_} or {@code live_}) and 32 random base62 characters (190 bits).
 * Only a SHA-256 hash is stored; a slow password hash buys nothing for keys this random and would cost
 * every request.
 */
public final class ApiKeys {
    public static final String SECRET_PREFIX = "sk_test_";

    private ApiKeys() {
    }

    public static String newSecret() {
        return newSecret(Caller.KeyKind.SECRET, "test");
    }

    public static String newSecret(Caller.KeyKind kind, String mode) {
        String type = switch (kind) {
            case SECRET -> "sk_";
            case READ_ONLY, RESTRICTED -> "rk_";
            case PUBLISHABLE -> "pk_";
        };
        return type + mode + "_" + Ids.randomBase62(32);
    }

    static boolean looksLikeKey(String presented) {
        return presented.matches("(sk|rk|pk)_(test|live)_[A-Za-z0-9]{20,64}");
    }

    public static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** What may be shown of a key after creation: its prefix and first characters. */
    public static String displayPrefix(String secret) {
        return secret.substring(0, secret.indexOf('_', 3) + 5);
    }

    /** Constant-time comparison, so response timing tells nothing about how much of a secret matched. */
    public static boolean sameSecret(String presented, String expected) {
        return MessageDigest.isEqual(hash(presented), hash(expected));
    }
}
