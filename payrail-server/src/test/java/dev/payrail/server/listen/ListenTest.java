package dev.payrail.server.listen;

import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.Eventually;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./payrail listen} on a Payrail with the default address rules (private addresses not allowed): it
 * registers a loopback endpoint with the merchant's test key, prints each event with its signature verified,
 * and deletes the endpoint when stopped.
 */
@TestPropertySource(properties = "payrail.deliveries.allow-private-addresses=false")
class ListenTest extends ApiTest {

    @Test
    void listen_receives_and_verifies_the_merchants_events_on_loopback_and_cleans_up() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        String endpoint;
        try (Listen listen = Listen.start(new Listen.Options(baseUrl(), api.bearer(), 0,
                List.of("payment.succeeded", "refund.succeeded"), null, false), out)) {
            endpoint = listen.endpointId();
            String paid = api.post("/v1/payments", payment(2500, "usd", "automatic", VISA)).text("id");
            api.post("/v1/refunds", "{\"payment\": \"" + paid + "\"}");

            String lines = Eventually.await("both events printed", Duration.ofSeconds(10), () -> {
                String text = printed.toString(StandardCharsets.UTF_8);
                return text.lines().filter(l -> l.contains("-->")).count() >= 2 ? Optional.of(text) : Optional.empty();
            });
            assertThat(lines).contains("Ready! Receiving events for payment.succeeded, refund.succeeded at http://127.0.0.1:");
            assertThat(lines.lines().filter(l -> l.contains("-->")))
                    .hasSize(2).allSatisfy(l -> assertThat(l).endsWith("(signature verified)"));
            assertThat(lines).contains("--> payment.succeeded", "--> refund.succeeded", paid);
        }
        assertThat(api.get("/v1/webhook_endpoints/" + endpoint).status()).as("deleted when stopped").isEqualTo(404);
    }
}
