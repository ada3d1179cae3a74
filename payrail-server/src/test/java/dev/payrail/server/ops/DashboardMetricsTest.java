package dev.payrail.server.ops;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.Eventually;
import dev.payrail.server.support.Metrics;
import dev.payrail.server.support.ProviderWebhooks;
import dev.payrail.server.support.ReportUploader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard and the alert rules query only metrics that Payrail exports: after traffic that
 * exercises every signal (payments approved and declined, 3-D Secure frictionless and challenged, a refund, a failing delivery, rejected and
 * accepted webhooks, a reconciliation with an exception), every metric name in ops/grafana/payrail.json and
 * ops/prometheus/alerts.yml appears in a scrape of /actuator/prometheus, with the SLO buckets the rules use.
 */
class DashboardMetricsTest extends ApiTest {
    private static final Pattern METRIC = Pattern.compile("\\b((?:payrail|http_server)_[a-z0-9_]+)\\b");

    @Test
    void every_metric_the_dashboard_and_the_alerts_use_is_exported() throws Exception {
        Set<String> wanted = new TreeSet<>();
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(Path.of("..", "ops", "grafana", "payrail.json")));
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(t -> expressions.add(t.path("expr").asString())));
        assertThat(expressions).hasSizeGreaterThan(20);
        expressions.forEach(expr -> wanted.addAll(names(expr)));
        wanted.addAll(names(Files.readString(Path.of("..", "ops", "prometheus", "alerts.yml"))));

        exerciseEverySignal();
        ApiClient anonymous = new ApiClient(baseUrl(), null);
        Metrics scrape = Eventually.await("every wanted metric exported", Duration.ofSeconds(10), () -> {
            Metrics metrics = Metrics.scrape(anonymous);
            return wanted.stream().allMatch(metrics::has) ? Optional.of(metrics) : Optional.empty();
        }, () -> "missing: " + missing(wanted, Metrics.scrape(anonymous)));

        assertThat(scrape.sum("http_server_requests_seconds_bucket", "uri", "/v1/payments", "method", "POST", "le", "2.0"))
                .as("the 2 s SLO bucket of the latency rule").isPositive();
        assertThat(scrape.sum("payrail_refunds_completion_seconds_bucket", "le", "3600.0")).as("the 1 h refund bucket").isPositive();
    }

    private void exerciseEverySignal() {
        api.post("/v1/webhook_endpoints", "{\"url\": \"http://127.0.0.1:9/hooks\"}");              // deliveries fail
        String paid = api.post("/v1/payments", payment(1_500, "usd", "automatic", VISA)).text("id");
        api.post("/v1/payments", payment(900, "usd", "automatic", "4000000000000002"));           // declined
        api.post("/v1/payments", payment(900, "eur", "automatic", "4000000000003238"));           // 3-D Secure, frictionless
        api.post("/v1/payments", payment(900, "eur", "automatic", "4000000000003220"));           // a challenge started
        api.post("/v1/refunds", "{\"payment\": \"" + paid + "\", \"amount\": 100}");
        byte[] event = ProviderWebhooks.stripe("evt_dash_" + UUID.randomUUID(), "payment_intent.succeeded",
                Instant.now().getEpochSecond(), "{\"id\": \"pi_dash\", \"object\": \"payment_intent\", \"status\": "
                        + "\"succeeded\", \"capture_method\": \"automatic\", \"metadata\": {\"payrail_payment\": \""
                        + paid + "\"}}");
        ProviderWebhooks.postStripe(baseUrl(), event);                                               // received, applied
        ProviderWebhooks.postAdyen(baseUrl(), "{\"live\": \"false\", \"notificationItems\": []}".getBytes()); // rejected
        String tag = UUID.randomUUID().toString().substring(0, 8);
        ReportUploader.uploadUnknownStripeCharge(baseUrl(), "dash_" + tag);
    }

    private static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static List<String> missing(Set<String> wanted, Metrics metrics) {
        return wanted.stream().filter(name -> !metrics.has(name)).toList();
    }
}
