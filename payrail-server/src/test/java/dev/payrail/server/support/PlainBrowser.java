package dev.payrail.server.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customer's browser as plain HTTP, following no redirect by itself: opens the pages a payment sends the customer
 * to (a 3-D Secure challenge, Payrail's return URL) and answers them as a customer's click would.
 */
public final class PlainBrowser {
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String payrailBaseUrl;

    public PlainBrowser(String payrailBaseUrl) {
        this.payrailBaseUrl = payrailBaseUrl;
    }

    /** Opens the challenge page, answers it ({@code approve} or {@code fail}), and returns where the ACS sends the browser. */
    public String answerChallenge(String challengeUrl, String decision) throws Exception {
        return answerChallenge(challengeUrl, decision, "/payments/return/");
    }

    /** The same, for a challenge whose customer comes back to Payrail under {@code returnPath}. */
    public String answerChallenge(String challengeUrl, String decision, String returnPath) throws Exception {
        HttpResponse<String> page = visit(challengeUrl);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("id=\"" + decision + "\"");
        HttpResponse<String> answered = answer(challengeUrl, decision);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(303);
        String next = answered.headers().firstValue("Location").orElseThrow();
        assertThat(next).startsWith(payrailBaseUrl + returnPath);
        return next;
    }

    /** Posts the customer's answer to a challenge page, whatever the page then says. */
    public HttpResponse<String> answer(String challengeUrl, String decision) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(challengeUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("decision=" + decision)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> visit(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
