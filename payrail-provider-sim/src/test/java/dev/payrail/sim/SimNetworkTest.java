package dev.payrail.sim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated network's stored-credential rules, on each face: a merchant-initiated payment is taken without the
 * customer only when it cites a series the network opened for that very card; an issuer that demands authentication
 * declines any other {@code authentication_required}.
 */
class SimNetworkTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Its issuer demands 3-D Secure, and authenticates without a challenge. */
    private static final String FRICTIONLESS = "4000000000003238";
    private final HttpClient http = HttpClient.newHttpClient();
    private ProviderSimulator simulator;

    @BeforeEach
    void start() throws Exception {
        simulator = ProviderSimulator.startOnLoopback(SimulatorSettings.defaults());
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void a_merchant_initiated_payment_must_cite_a_series_of_its_own_card() throws Exception {
        String series = approved(nativeAuthorization(FRICTIONLESS, "k1", "{\"initiator\": \"customer\", \"series\": \"first\"}"));
        String otherCard = approved(nativeAuthorization("4242424242424242", "k2", "{\"initiator\": \"customer\", \"series\": \"first\"}"));
        assertThat(series).startsWith("ntx_");

        assertThat(declineCode(nativeAuthorization(FRICTIONLESS, "k3", "{\"initiator\": \"merchant\", \"series\": \"subsequent\"}")))
                .as("no citation").isEqualTo("authentication_required");
        assertThat(declineCode(nativeAuthorization(FRICTIONLESS, "k4", mit("ntx_madeup1"))))
                .as("an id the network never gave").isEqualTo("authentication_required");
        assertThat(declineCode(nativeAuthorization(FRICTIONLESS, "k5", mit(otherCard))))
                .as("another card's series").isEqualTo("authentication_required");
        assertThat(approved(nativeAuthorization(FRICTIONLESS, "k6", mit(series)))).isNotBlank();
        // an issuer that does not demand authentication takes it anyway
        assertThat(approved(nativeAuthorization("4242424242424242", "k7", "{\"initiator\": \"merchant\", \"series\": \"subsequent\"}")))
                .isNotBlank();
    }

    @Test
    void a_payment_that_stores_nothing_opens_no_series() throws Exception {
        String oneOff = approved(nativeAuthorization(FRICTIONLESS, "k1", null));
        assertThat(declineCode(nativeAuthorization(FRICTIONLESS, "k2", mit(oneOff)))).isEqualTo("authentication_required");
    }

    @Test
    void stripe_off_session_without_its_exemption_is_declined_authentication_required() throws Exception {
        String pm = JSON.readTree(stripe("/v1/payment_methods", "pm1", "type=card&card[number]=" + FRICTIONLESS
                + "&card[exp_month]=12&card[exp_year]=2034").body()).path("id").asString();
        HttpResponse<String> first = stripe("/v1/payment_intents", "pi1", "amount=500&currency=eur&confirm=true&payment_method="
                + pm + "&setup_future_usage=off_session");
        String series = JSON.readTree(first.body()).path("charges").path("data").get(0).path("payment_method_details")
                .path("card").path("network_transaction_id").asString();

        HttpResponse<String> bare = stripe("/v1/payment_intents", "pi2", "amount=500&currency=eur&confirm=true&payment_method="
                + pm + "&off_session=true");
        assertThat(bare.statusCode()).isEqualTo(402);
        assertThat(JSON.readTree(bare.body()).path("error").path("code").asString()).isEqualTo("authentication_required");

        HttpResponse<String> exempt = stripe("/v1/payment_intents", "pi3", "amount=500&currency=eur&confirm=true&payment_method="
                + pm + "&off_session=one_off&payment_method_options[card][mit_exemption][network_transaction_id]=" + series);
        assertThat(exempt.statusCode()).as(exempt.body()).isEqualTo(200);
        assertThat(JSON.readTree(exempt.body()).path("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void adyen_cont_auth_without_its_network_reference_is_refused_authentication_required() throws Exception {
        JsonNode first = JSON.readTree(adyen("a1", adyenPayment("\"shopperInteraction\": \"Ecommerce\", "
                + "\"recurringProcessingModel\": \"UnscheduledCardOnFile\"")).body());
        String series = first.path("additionalData").path("networkTxReference").asString();
        assertThat(series).startsWith("ntx_");

        JsonNode bare = JSON.readTree(adyen("a2", adyenPayment("\"shopperInteraction\": \"ContAuth\", "
                + "\"recurringProcessingModel\": \"UnscheduledCardOnFile\"")).body());
        assertThat(bare.path("resultCode").asString()).isEqualTo("Refused");
        assertThat(bare.path("refusalReasonCode").asString()).isEqualTo("38");

        JsonNode exempt = JSON.readTree(adyen("a3", adyenPayment("\"shopperInteraction\": \"ContAuth\", "
                + "\"recurringProcessingModel\": \"UnscheduledCardOnFile\", \"additionalData\": {\"networkTxReference\": \""
                + series + "\"}")).body());
        assertThat(exempt.path("resultCode").asString()).isEqualTo("Authorised");
    }

    @Test
    void an_instructed_issuer_gives_its_answer_once() throws Exception {
        HttpResponse<String> told = post("/sim/issuer/instructions", null,
                "{\"brand\": \"visa\", \"last4\": \"4242\", \"decline_code\": \"insufficient_funds\"}");
        assertThat(told.statusCode()).isEqualTo(200);
        assertThat(declineCode(nativeAuthorization("4242424242424242", "k1", null))).isEqualTo("insufficient_funds");
        assertThat(approved(nativeAuthorization("4242424242424242", "k2", null))).isNotBlank();
    }

    private static String mit(String networkTransactionId) {
        return "{\"initiator\": \"merchant\", \"series\": \"subsequent\", \"reason\": \"unscheduled\", "
                + "\"network_transaction_id\": \"" + networkTransactionId + "\"}";
    }

    private HttpResponse<String> nativeAuthorization(String card, String key, String storedCredential) throws Exception {
        return post("/v1/authorizations", key, "{\"amount\": 1000, \"currency\": \"eur\", \"capture\": true, "
                + "\"payment_reference\": \"pay_" + key + "\", \"card\": {\"number\": \"" + card
                + "\", \"exp_month\": 12, \"exp_year\": 2034}" + (storedCredential == null ? "" : ", \"stored_credential\": "
                + storedCredential) + "}");
    }

    private static String approved(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).path("network_transaction_id").asString();
    }

    private static String declineCode(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(402);
        return JSON.readTree(answer.body()).path("error").path("decline_code").asString();
    }

    private static String adyenPayment(String storedCredential) {
        return "{\"amount\": {\"currency\": \"EUR\", \"value\": 500}, \"reference\": \"pay_adyen\", \"merchantAccount\": \"Shop\", "
                + "\"paymentMethod\": {\"type\": \"scheme\", \"number\": \"" + FRICTIONLESS + "\", \"expiryMonth\": \"12\", "
                + "\"expiryYear\": \"2034\"}, " + storedCredential + "}";
    }

    private HttpResponse<String> adyen(String key, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v71/payments")).header("X-API-Key", "test")
                .header("Idempotency-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> stripe(String path, String key, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).header("Idempotency-Key", key)
                .header("Authorization", "Bearer sk_test_sim").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
