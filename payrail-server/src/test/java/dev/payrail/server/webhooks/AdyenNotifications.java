package dev.payrail.server.webhooks;

import dev.payrail.core.webhooks.AdyenNotification;

import java.nio.charset.StandardCharsets;

/** Builds Adyen notification bodies as Adyen sends them, one item each, signed with an HMAC key (hex). */
final class AdyenNotifications {
    static final String TEST_HMAC_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";

    private AdyenNotifications() {
    }

    static byte[] signed(String psp, String originalReference, String reference, long value, String currency,
                         String code, boolean success, String hmacKey) {
        AdyenNotification item = new AdyenNotification(psp, originalReference, "PayrailECOM", reference, value, currency,
                code, success, "2026-11-25T12:00:00+00:00", null, null);
        String original = originalReference == null ? "" : "\"originalReference\": \"" + originalReference + "\", ";
        return ("{\"live\": \"false\", \"notificationItems\": [{\"NotificationRequestItem\": {\"additionalData\": "
                + "{\"hmacSignature\": \"" + item.signBase64(hmacKey) + "\"}, " + original + "\"amount\": {\"currency\": \"" + currency
                + "\", \"value\": " + value + "}, \"eventCode\": \"" + code + "\", \"eventDate\": \"2026-11-25T12:00:00+00:00\","
                + " \"merchantAccountCode\": \"PayrailECOM\", \"merchantReference\": \"" + reference
                + "\", \"pspReference\": \"" + psp + "\", \"success\": \"" + success + "\"}}]}").getBytes(StandardCharsets.UTF_8);
    }
}
