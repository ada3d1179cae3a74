package dev.payrail.server.ops;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.Eventually;
import dev.payrail.server.support.Metrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The business and technical signals on /actuator/prometheus, the duplicate-charge detector, and health. */
class SignalsTest extends ApiTest {
    private static final Pattern ID_LIKE = Pattern.compile("^(pay|re|pm|mer|key|evt|po|dp|rex|req)_[A-Za-z0-9]{8,}$");

    @Test
    void authorizations_declines_and_refunds_are_counted_with_bounded_labels() {
        ApiClient anonymous = new ApiClient(baseUrl(), null);
        Metrics before = Metrics.scrape(anonymous);

        String paid = api.post("/v1/payments", payment(2_000, "eur", "automatic", "5555555555554444")).text("id");
        api.post("/v1/payments", payment(2_000, "eur", "automatic", "4000000000009995"));          // insufficient_funds
        api.post("/v1/refunds", "{\"payment\": \"" + paid + "\", \"amount\": 500}");

        Metrics after = Metrics.scrape(anonymous);
        assertThat(delta(before, after, "payrail_payments_authorizations_total", "brand", "mastercard", "currency", "eur",
                "outcome", "approved")).isEqualTo(1);
        assertThat(delta(before, after, "payrail_payments_authorizations_total", "brand", "visa", "currency", "eur",
                "outcome", "declined")).isEqualTo(1);
        assertThat(delta(before, after, "payrail_payments_declines_total", "code", "insufficient_funds")).isEqualTo(1);
        assertThat(delta(before, after, "payrail_refunds_completion_seconds_count", "outcome", "succeeded")).isEqualTo(1);
        assertThat(after.sum("http_server_requests_seconds_bucket", "uri", "/v1/payments", "method", "POST"))
                .as("API latency histogram").isPositive();
        assertThat(after.has("payrail_provider_latency_seconds_bucket")).isTrue();
        assertThat(after.has("payrail_payments_outcome_unknown")).isTrue();
        for (Metrics.Sample sample : after.samples()) {
            for (String value : sample.labels().values()) {
                assertThat(ID_LIKE.matcher(value).matches()).as("%s has an id as a label: %s", sample.name(), value)
                        .isFalse();
            }
        }
    }

    @Test
    void a_payment_charged_twice_at_the_providers_is_detected() {
        String paid = api.post("/v1/payments", payment(1_000, "usd", "automatic", VISA)).text("id");
        ApiClient anonymous = new ApiClient(baseUrl(), null);
        double baseline = Metrics.scrape(anonymous).sum("payrail_payments_duplicate_charges");

        // what a blind retry or a failover after a timeout would leave behind: a second successful authorization
        jdbc.sql("""
                        insert into provider_operations (id, payment_id, kind, amount, provider, status, provider_reference,
                                                         completed_at)
                        select 'op_dup_' || id, id, 'authorize', amount, 'stripe', 'succeeded', 'pi_second', now() from payments
                        where id = ?""").param(paid).update();
        try {
            Eventually.await("the detector sees it", Duration.ofSeconds(5), () ->
                    Metrics.scrape(anonymous).sum("payrail_payments_duplicate_charges") == baseline + 1
                            ? Optional.of(true) : Optional.empty());
        } finally {
            jdbc.sql("delete from provider_operations where id = ?").param("op_dup_" + paid).update();
        }
        Eventually.await("and the gauge falls back once it is gone", Duration.ofSeconds(5), () ->
                Metrics.scrape(anonymous).sum("payrail_payments_duplicate_charges") == baseline
                        ? Optional.of(true) : Optional.empty());
    }

    @Test
    void health_shows_the_database_each_providers_circuit_and_the_outbox_and_readiness_needs_only_the_database() {
        ApiClient anonymous = new ApiClient(baseUrl(), null);
        ApiClient.Response health = new ApiClient(baseUrl(), ADMIN_TOKEN).get("/actuator/health");
        var components = health.body().path("components");
        assertThat(components.path("db").path("status").asString()).isEqualTo("UP");
        for (String provider : PROVIDERS) {
            assertThat(components.path("providers").path("details").path(provider).asString()).isIn("closed", "half_open", "open");
        }
        assertThat(components.path("outbox").path("details").has("deliveries_due")).isTrue();
        ApiClient.Response readiness = anonymous.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body().path("components").has("db")).isTrue();
        assertThat(readiness.body().path("components").has("providers")).isFalse();
    }

    @Test
    void health_details_are_for_operators_only() {
        for (ApiClient caller : new ApiClient[]{new ApiClient(baseUrl(), null), api, new ApiClient(baseUrl(), "not-a-token")}) {
            ApiClient.Response health = caller.get("/actuator/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body().path("components").path("db").path("status").asString()).isEqualTo("UP");
            assertThat(health.body().toString()).doesNotContain("details").doesNotContain("diskSpace\":{\"status\":\"UP\",\"details");
        }
        assertThat(new ApiClient(baseUrl(), ADMIN_TOKEN).get("/actuator/health").body().path("components").path("diskSpace")
                .path("details").has("path")).isTrue();
    }

    private static double delta(Metrics before, Metrics after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
