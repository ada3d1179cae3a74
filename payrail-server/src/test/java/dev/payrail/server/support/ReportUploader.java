package dev.payrail.server.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Uploads a settlement report as finance does: multipart (provider, file), with the admin token. */
public final class ReportUploader {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ReportUploader() {
    }

    /**
     * Uploads a Stripe report holding one charge Payrail has no record of ({@code ch_<tag>}, {@code pi_<tag>}):
     * one open missing_in_payrail exception, and a finished run.
     */
    public static HttpResponse<String> uploadUnknownStripeCharge(String baseUrl, String tag) {
        String created = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
        return upload(baseUrl, "stripe", "unknown-" + tag + ".csv",
                "balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,source_id,payment_intent_id\n"
                        + "txn_" + tag + "," + created + ",usd,55.55,1.00,54.55,charge,ch_" + tag + ",pi_" + tag + "\n");
    }

    public static HttpResponse<String> upload(String baseUrl, String provider, String filename, String content) {
        String boundary = "payrail" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"provider\"\r\n\r\n" + provider + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/reconciliation/reports"))
                            .header("Authorization", "Bearer " + ApiTest.ADMIN_TOKEN)
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("upload failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
