package dev.payrail.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One unit of work the load generator repeats: the HTTP calls a merchant makes for one payment. */
enum Scenario {
    /** Create and confirm in one call, automatic capture: one provider authorization. */
    CARD_PAYMENT {
        @Override
        int run(Client client) {
            return client.post("/v1/payments", payment("automatic")).statusCode();
        }
    },
    /** Create and confirm (manual capture), then capture: two provider calls. */
    MANUAL_CAPTURE {
        @Override
        int run(Client client) {
            HttpResponse<String> authorized = client.post("/v1/payments", payment("manual"));
            if (authorized.statusCode() != 200) {
                return authorized.statusCode();
            }
            return client.post("/v1/payments/" + id(authorized.body()) + "/capture", "{}").statusCode();
        }
    };

    private static final Pattern ID = Pattern.compile("\"id\":\"(pay_[A-Za-z0-9]+)\"");

    /** Returns the HTTP status of the last call; 200 is success. */
    abstract int run(Client client);

    static String payment(String captureMethod) {
        return "{\"amount\": 1999, \"currency\": \"usd\", \"confirm\": true, \"capture_method\": \"" + captureMethod
                + "\", \"card\": {\"number\": \"4242424242424242\", \"exp_month\": 12, \"exp_year\": 2034, \"cvc\": \"123\"}}";
    }

    static String id(String body) {
        Matcher m = ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no payment id in " + body);
        }
        return m.group(1);
    }

    /** A merchant's HTTP client: bearer key, a fresh Idempotency-Key per POST. */
    record Client(HttpClient http, String baseUrl, String key) {
        HttpResponse<String> post(String path, String json) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build();
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
