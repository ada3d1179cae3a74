package dev.payrail.server.security;

import dev.payrail.server.api.Ids;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Secret API keys: {@code sk_test_} and 32 random base62 characters (190 bits). Only a SHA-256 hash
 * is stored; a slow password hash buys nothing for keys this random and would cost every request.
 */
public final class ApiKeys {
    public static final String SECRET_PREFIX = "sk_test_";

    private ApiKeys() {
    }

    public static String newSecret() {
        return SECRET_PREFIX + Ids.randomBase62(32);
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
        return secret.substring(0, SECRET_PREFIX.length() + 4);
    }

    /** Constant-time comparison, so response timing tells nothing about how much of a secret matched. */
    public static boolean sameSecret(String presented, String expected) {
        return MessageDigest.isEqual(hash(presented), hash(expected));
    }
}
