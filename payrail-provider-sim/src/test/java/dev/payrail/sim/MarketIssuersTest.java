package dev.payrail.sim;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A simulator started with a market answers over HTTP as the market's providers would: the native face as its
 * {@code simulator}, the Adyen face as its {@code adyen}, incidents live; test cards that decline still decline.
 */
class MarketIssuersTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void each_face_answers_as_its_provider_in_the_market_with_the_markets_incidents() throws Exception {
        // the default market, with Adyen's issuers refusing every German card from the start for an hour
        SimMarket.Settings d = SimMarket.defaults().settings();
        SimMarket market = new SimMarket(new SimMarket.Settings(d.seed(), d.duration(), d.payments(), d.population(), d.providers(),
                d.driftAmplitude(), d.driftPeriod(), d.softDeclines(), d.cardDeclines(),
                List.of(new SimMarket.Incident("issuer_blocks", "adyen", "DE", Duration.ZERO, Duration.ofHours(1), 1.0)),
                d.merchantInitiated()));
        int n = 120;
        try (ProviderSimulator simulator = ProviderSimulator.startOnLoopback(SimulatorSettings.defaults().withMarket(market));
             ProviderSimulator plain = ProviderSimulator.startOnLoopback(SimulatorSettings.defaults())) {
            List<JsonNode> nativeAnswers = send(n, i -> nativeAuthorization(simulator, i));
            List<JsonNode> adyenAnswers = send(n, i -> adyenPayment(simulator, i));
            List<JsonNode> plainAnswers = send(n, i -> adyenPayment(plain, i));

            long nativeApproved = nativeAnswers.stream().filter(a -> a.path("status").asString().equals("captured")).count();
            long adyenApproved = adyenAnswers.stream().filter(a -> a.path("resultCode").asString().equals("Authorised")).count();
            // without a market every one of these cards is approved; with it the native face approves as the market's
            // simulator does (about 80%, card declines included), Adyen only its French cards (a third of euro cards)
            assertThat(plainAnswers).allSatisfy(a -> assertThat(a.path("resultCode").asString()).isEqualTo("Authorised"));
            assertThat(nativeApproved / (double) n).isBetween(0.65, 0.95);
            assertThat(adyenApproved / (double) n).isBetween(0.1, 0.5);
            assertThat(adyenAnswers.stream().filter(a -> a.path("resultCode").asString().equals("Refused"))
                    .map(a -> a.path("refusalReasonCode").asString()).distinct().toList()).isNotEmpty();

            // a test card that declines still declines: the market speaks only for cards that would approve
            JsonNode funds = JSON.readTree(post(simulator, "/v1/authorizations", "funds", "{\"amount\": 1000, \"currency\": \"eur\", "
                    + "\"capture\": true, \"payment_reference\": \"pay_funds\", \"card\": {\"number\": \"4000000000009995\", "
                    + "\"exp_month\": 12, \"exp_year\": 2034}}").body());
            assertThat(funds.path("error").path("decline_code").asString()).isEqualTo("insufficient_funds");
        }
    }

    private interface Call {
        HttpResponse<String> send(int i) throws Exception;
    }

    private static List<JsonNode> send(int n, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> call.send(index)));
            }
            List<JsonNode> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                answers.add(JSON.readTree(f.get().body()));
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    private HttpResponse<String> nativeAuthorization(ProviderSimulator sim, int i) throws Exception {
        return post(sim, "/v1/authorizations", "n-" + i, "{\"amount\": 2500, \"currency\": \"eur\", \"capture\": true, "
                + "\"payment_reference\": \"pay_n" + i + "\", \"card\": {\"number\": \"" + card(i) + "\", \"exp_month\": 12, \"exp_year\": 2034}}");
    }

    private HttpResponse<String> adyenPayment(ProviderSimulator sim, int i) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v71/payments")).header("Content-Type", "application/json")
                .header("X-API-Key", "k").header("Idempotency-Key", "a-" + i).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"amount\": {\"currency\": \"EUR\", \"value\": 2500}, \"reference\": \"pay_a" + i + "\", \"merchantAccount\": \"M\", "
                                + "\"paymentMethod\": {\"type\": \"scheme\", \"number\": \"" + card(i) + "\", \"expiryMonth\": \"12\", "
                                + "\"expiryYear\": \"2034\"}}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(ProviderSimulator sim, String path, String key, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A Visa card of its own for request {@code i}, Luhn-valid. */
    private static String card(int i) {
        return dev.payrail.core.cards.CardNumber.withCheckDigit("400000123" + String.format("%06d", i * 7 + 13));
    }
}
