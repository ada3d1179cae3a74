package dev.payrail.server.support;

import dev.payrail.core.webhooks.AdyenNotification;
import dev.payrail.core.webhooks.StripeSignature;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Provider webhooks as the providers send them, signed with the secrets of the test configuration. */
public final class ProviderWebhooks {
    public static final String STRIPE_SECRET = "whsec_test_current";
    public static final String ADYEN_HMAC_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ProviderWebhooks() {
    }

    /** One Adyen notification item in a NotificationRequest, signed with {@code hmacKey} (hex). */
    public static byte[] adyen(String psp, String originalReference, String reference, long value, String currency,
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

    /** A Stripe event envelope around {@code objectJson}. */
    public static byte[] stripe(String eventId, String type, long created, String objectJson) {
        return ("{\"id\": \"" + eventId + "\", \"object\": \"event\", \"type\": \"" + type + "\", \"created\": " + created
                + ", \"data\": {\"object\": " + objectJson + "}}").getBytes(StandardCharsets.UTF_8);
    }

    public static HttpResponse<String> postStripe(String baseUrl, byte[] body) {
        return post(baseUrl + "/v1/provider-webhooks/stripe", body,
                StripeSignature.header(STRIPE_SECRET, Instant.now().getEpochSecond(), body));
    }

    public static HttpResponse<String> postAdyen(String baseUrl, byte[] body) {
        return post(baseUrl + "/v1/provider-webhooks/adyen", body, null);
    }

    private static HttpResponse<String> post(String url, byte[] body, String stripeSignature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (stripeSignature != null) {
            request.header("Stripe-Signature", stripeSignature);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("webhook post failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
