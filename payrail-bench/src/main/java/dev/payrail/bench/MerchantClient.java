package dev.payrail.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A merchant's HTTP client against a running Payrail: bearer key, a fresh Idempotency-Key per POST. */
record MerchantClient(HttpClient http, String baseUrl, String key) {
    private static final Pattern ID = Pattern.compile("\"id\":\"([a-z]+_[A-Za-z0-9]+)\"");

    static MerchantClient of(String baseUrl, String key) {
        return new MerchantClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build(), baseUrl, key);
    }

    HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + key)
                .header("Idempotency-Key", UUID.randomUUID().toString()), json);
    }

    /**
     * A form-encoded POST to the Stripe-compatible surface at {@code stripeBaseUrl}, as Stripe's libraries send it: the
     * same key as a Bearer, a fresh Idempotency-Key, the Stripe-Version stripe-java pins.
     */
    HttpResponse<String> postForm(String stripeBaseUrl, String path, String form) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(stripeBaseUrl + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key)
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .header("Stripe-Version", "2026-01-28.clover")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A POST without the merchant's key, for what a provider sends (webhooks). */
    HttpResponse<String> postUnauthenticated(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        headers.forEach(request::header);
        return send(request, body);
    }

    /** The POST's answer, failing the setup step that needs it unless it is a 200. */
    String postOk(String path, String json) {
        HttpResponse<String> response = post(path, json);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String id(String body) {
        Matcher m = ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + body);
        }
        return m.group(1);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String body) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
