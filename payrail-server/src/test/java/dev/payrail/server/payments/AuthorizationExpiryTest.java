package dev.payrail.server.payments;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@DirtiesContext
@TestPropertySource(properties = {
        "payrail.payments.capture-window=1s",
        "payrail.payments.expiry-sweep-interval=200ms"})
class AuthorizationExpiryTest extends ApiTest {

    @Test
    void an_authorization_not_captured_within_the_window_is_voided_as_expired() {
        String id = api.post("/v1/payments", payment(3100, "usd", "manual", VISA)).text("id");

        ApiClient.Response expired = api.await("/v1/payments/" + id, r -> "canceled".equals(r.text("status")),
                Duration.ofSeconds(10));

        assertThat(expired.text("cancellation_reason")).isEqualTo("expired");
        assertThat(simulator.authorizationsFor(id).get(0).path("status").asString()).isEqualTo("voided");
        ApiClient.Response events = api.get("/v1/payments/" + id + "/events");
        var last = events.body().path("data").get(events.body().path("data").size() - 1);
        assertThat(last.path("type").asString()).isEqualTo("payment.canceled");
        assertThat(last.path("actor").asString()).isEqualTo("expiry_sweeper");
    }

    @Test
    void captured_payments_are_left_alone() {
        String id = api.post("/v1/payments", payment(3200, "usd", "automatic", VISA)).text("id");

        api.await("/v1/payments/" + id, r -> true, Duration.ofSeconds(1));
        String canceledMeanwhile = api.post("/v1/payments", payment(10, "usd", "manual", VISA)).text("id");
        api.await("/v1/payments/" + canceledMeanwhile, r -> "canceled".equals(r.text("status")), Duration.ofSeconds(10));

        assertThat(api.get("/v1/payments/" + id).text("status")).isEqualTo("succeeded");
    }
}
