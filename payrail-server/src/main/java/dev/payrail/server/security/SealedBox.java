package dev.payrail.server.security;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * AES-256-GCM under one key, for small secrets kept in the database. Each value is bound to its row
 * ({@code context} is the associated data), so a ciphertext copied to another row does not open. The
 * stored form is nonce (12 bytes) followed by ciphertext and tag.
 */
public final class SealedBox {
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String keyId;

    SealedBox(byte[] rawKey) {
        if (rawKey.length != 32) {
            throw new IllegalArgumentException("AES-256 needs 32 key bytes, got " + rawKey.length);
        }
        this.key = new SecretKeySpec(rawKey, "AES");
        this.keyId = "k_" + HexFormat.of().formatHex(digest(rawKey), 0, 4);
    }

    /** A box under {@code rawKey}, 32 bytes: a data key of the vault, or a key-encryption key. */
    public static SealedBox of(byte[] rawKey) {
        return new SealedBox(rawKey);
    }

    /** A key derived for one purpose: HMAC-SHA256 of the purpose under the master key. */
    static byte[] derive(byte[] masterKey, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            return mac.doFinal(("payrail:" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** A short public name of the key (a hash prefix), stored beside ciphertexts to tell keys apart. */
    public String keyId() {
        return keyId;
    }

    public byte[] seal(byte[] plain, String context) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Opens a value sealed for {@code context}; a wrong key, context or a tampered value throws. */
    public byte[] open(byte[] stored, String context) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new SealedValueException("a value sealed for " + context + " does not open with key " + keyId
                    + ": it was tampered with, or sealed under another key", e);
        }
    }

    /** A sealed value that did not open: tampered, truncated, or sealed under another key or context. */
    public static final class SealedValueException extends IllegalStateException {
        SealedValueException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static byte[] digest(byte[] raw) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(raw);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
