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
