package dev.payrail.core.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Stripe's webhook signature: header {@code Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]},
 * where each v1 is HMAC-SHA256 of {@code "<t>.<raw body>"} under an endpoint secret. Several v1 values and
 * several secrets (during rotation) are accepted; the timestamp must be within the tolerance of now.
 * Comparison is constant-time.
 */
public final class StripeSignature {
    private StripeSignature() {
    }

    public static SignatureCheck verify(String header, byte[] payload, List<String> secrets, Instant now, Duration tolerance) {
        if (secrets.isEmpty()) {
            return SignatureCheck.NOT_CONFIGURED;
        }
        if (header == null || header.isBlank()) {
            return SignatureCheck.UNSIGNED;
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return SignatureCheck.MALFORMED;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            try {
                if ("t".equals(key)) {
                    timestamp = Long.parseLong(value);
                } else if ("v1".equals(key)) {
                    signatures.add(HexFormat.of().parseHex(value));
                }
            } catch (IllegalArgumentException notANumberOrHex) {
                return SignatureCheck.MALFORMED;
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return SignatureCheck.MALFORMED;
        }
        if (Duration.between(Instant.ofEpochSecond(timestamp), now).abs().compareTo(tolerance) > 0) {
            return SignatureCheck.STALE;
        }
        boolean matched = false;
        for (String secret : secrets) {
            byte[] expected = hmac(secret, timestamp, payload);
            for (byte[] signature : signatures) {
                matched |= MessageDigest.isEqual(expected, signature);
            }
        }
        return matched ? SignatureCheck.VALID : SignatureCheck.MISMATCH;
    }

    /** The header Stripe would send: for tests and for the simulator. */
    public static String header(String secret, long timestamp, byte[] payload) {
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(hmac(secret, timestamp, payload));
    }

    private static byte[] hmac(String secret, long timestamp, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }
}
