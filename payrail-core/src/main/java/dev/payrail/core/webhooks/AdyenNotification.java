package dev.payrail.core.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * One Adyen NotificationRequestItem, with Adyen's HMAC check: HMAC-SHA256, keyed with the hex-decoded
 * HMAC key, over {@code pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success}
 * (absent fields as empty strings), Base64, compared constant-time with {@code additionalData.hmacSignature}.
 */
public record AdyenNotification(String pspReference, String originalReference, String merchantAccountCode,
                                String merchantReference, long value, String currency, String eventCode,
                                boolean success, String eventDate, String reason, String hmacSignature) {

    public String signingString() {
        return String.join(":", blank(pspReference), blank(originalReference), blank(merchantAccountCode),
                blank(merchantReference), Long.toString(value), blank(currency), blank(eventCode),
                Boolean.toString(success));
    }

    /** Adyen has no event id; this is its documented identity of a notification. */
    public String eventId() {
        return pspReference + ":" + eventCode + ":" + success;
    }

    public SignatureCheck verify(List<String> hexKeys) {
        if (hexKeys.isEmpty()) {
            return SignatureCheck.NOT_CONFIGURED;
        }
        if (hmacSignature == null || hmacSignature.isBlank()) {
            return SignatureCheck.UNSIGNED;
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(hmacSignature);
        } catch (IllegalArgumentException notBase64) {
            return SignatureCheck.MALFORMED;
        }
        boolean matched = false;
        for (String key : hexKeys) {
            matched |= MessageDigest.isEqual(sign(key), presented);
        }
        return matched ? SignatureCheck.VALID : SignatureCheck.MISMATCH;
    }

    /** The signature Adyen would compute with {@code hexKey}: for tests and for the simulator. */
    public byte[] sign(String hexKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(hexKey), "HmacSHA256"));
            return mac.doFinal(signingString().getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }

    public String signBase64(String hexKey) {
        return Base64.getEncoder().encodeToString(sign(hexKey));
    }

    private static String blank(String value) {
        return value == null ? "" : value;
    }
}
