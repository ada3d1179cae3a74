package dev.payrail.server.payments;

import dev.payrail.server.security.AtRestKeys;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * A payment's client secret ({@code pay_..._secret_...}): what the merchant's server hands its page so that the
 * customer's browser, holding only a publishable key, may confirm and read that one payment and nothing else. It is
 * a keyed hash of the payment id under a key derived for this purpose from the at-rest master key: never stored, the
 * same on every instance, and unguessable without the key.
 */
@Component
public class ClientSecrets {
    private static final String SEPARATOR = "_secret_";
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final byte[] key;

    ClientSecrets(AtRestKeys keys) {
        this.key = keys.keyFor("payment-client-secret");
    }

    public String of(String paymentId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal(paymentId.getBytes(StandardCharsets.UTF_8));
            StringBuilder secret = new StringBuilder(paymentId).append(SEPARATOR);
            for (int i = 0; i < 24; i++) {
                secret.append(BASE62[(digest[i] & 0xff) % BASE62.length]);
            }
            return secret.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** The payment a presented secret is for, when it is that payment's secret (compared in constant time). */
    public Optional<String> paymentOf(String presented) {
        int at = presented == null ? -1 : presented.indexOf(SEPARATOR);
        if (at <= 0) {
            return Optional.empty();
        }
        String paymentId = presented.substring(0, at);
        boolean valid = MessageDigest.isEqual(of(paymentId).getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
        return valid ? Optional.of(paymentId) : Optional.empty();
    }
}
