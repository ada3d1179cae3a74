package dev.payrail.core.webhooks;

import java.util.List;
import java.util.StringJoiner;

/**
 * The signature of Payrail's own deliveries: header {@code Payrail-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]},
 * each v1 = HMAC-SHA256(endpoint secret, {@code "<t>.<raw body>"}), hex. It is the same construction as
 * Stripe's, so any receiver that verifies Stripe webhooks verifies Payrail's; during a secret rotation one
 * v1 per live secret is sent.
 */
public final class PayrailSignature {
    private PayrailSignature() {
    }

    public static String header(List<String> secrets, long timestamp, byte[] body) {
        StringJoiner header = new StringJoiner(",");
        header.add("t=" + timestamp);
        for (String secret : secrets) {
            String single = StripeSignature.header(secret, timestamp, body);
            header.add(single.substring(single.indexOf("v1=")));
        }
        return header.toString();
    }
}
