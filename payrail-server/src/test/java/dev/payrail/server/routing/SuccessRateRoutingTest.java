package dev.payrail.server.routing;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.Metrics;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code payrail.routing.strategy: success_rate} over HTTP: a provider whose issuer keeps declining is left for the one
 * that approves, within the providers the merchant's rule allows, and every payment's timeline says why.
 */
// no exploration here, so that every choice is the best score's: exploration is the core strategy's to test
// a window longer than the test, so that the console still shows its outcomes after Chromium starts
@TestPropertySource(properties = {"payrail.routing.strategy=success_rate", "payrail.routing.exploration-share=0",
        "payrail.routing.window=5m"})
class SuccessRateRoutingTest extends ApiTest {
    @Test
    void aProviderThatKeepsDecliningIsLeftForTheOneThatApprovesWithinTheRule() throws Exception {
        new ApiClient(baseUrl(), ADMIN_TOKEN).post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"learn-" + merchantId
                + "\", \"merchants\": [\"" + merchantId + "\"], \"targets\": [{\"provider\": \"stripe\", \"weight\": 1},"
                + " {\"provider\": \"adyen\", \"weight\": 0}]}]}");
        // Stripe's issuer declines the next 20 authorizations of this Visa with a soft decline; Adyen's approves them
        ApiClient.Response told = new ApiClient(providerEndpoints.get("stripe").baseUrl(), null).post("/sim/issuer/instructions",
                "{\"brand\": \"visa\", \"last4\": \"4242\", \"decline_code\": \"issuer_unavailable\", \"times\": 20}");
        assertThat(told.status()).as(told.body().toString()).isEqualTo(200);

        String lastId = null;
        List<JsonNode> routings = new ArrayList<>();
        List<String> providers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ApiClient.Response paid = api.post("/v1/payments", payment(1000 + i, "usd", "automatic", VISA));
            String id = paid.status() == 200 ? paid.text("id") : paid.body().path("error").path("payment").asString();
            JsonNode processing = processing(id);
            lastId = id;
            routings.add(processing.path("data").path("routing"));
            providers.add(processing.path("data").path("providers").path(0).asString());
        }

        // the first goes where the rule puts it (equal priors keep the rule's order); once Stripe's declines are in
        // its window, Adyen comes first
        assertThat(providers.get(0)).isEqualTo("stripe");
        int switched = providers.indexOf("adyen");
        assertThat(switched).isBetween(1, 5);
        assertThat(providers.subList(switched, 20)).containsOnly("adyen");
        assertThat(routings.get(19).path("reason").asString()).isEqualTo("best_score");
        lastPaymentId = lastId;
        JsonNode last = routings.get(19);
        assertThat(last.path("strategy").asString()).isEqualTo("success_rate");
        assertThat(last.path("segment").asString()).startsWith("brand=visa,");
        assertThat(last.path("scores")).hasSize(2);
        double stripe = rate(last, "stripe");
        double adyen = rate(last, "adyen");
        assertThat(stripe).isLessThan(adyen);
        // the operators' view of the same window: all traffic and the card's depths, Stripe under Adyen
        JsonNode window = new ApiClient(baseUrl(), ADMIN_TOKEN).get("/v1/admin/routing/scores").body();
        assertThat(window.path("strategy").asString()).isEqualTo("success_rate");
        assertThat(levelRate(window, "all", "stripe")).isLessThan(levelRate(window, "all", "adyen"));
        assertThat(levelRate(window, "brand=visa,country=US", "adyen")).isGreaterThan(0.85);
        assertThat(Metrics.scrape(new ApiClient(baseUrl(), null)).sum("payrail_routing_success_rate", "provider", "stripe"))
                .isLessThan(Metrics.scrape(new ApiClient(baseUrl(), null)).sum("payrail_routing_success_rate", "provider", "adyen"));

        // a merchant whose rule allows Stripe only still goes there, however it fares: the strategy chooses within the rule
        ApiClient other = newMerchantClient("Stripe only");
        String otherMerchant = merchantId;
        new ApiClient(baseUrl(), ADMIN_TOKEN).post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"only-" + otherMerchant
                + "\", \"merchants\": [\"" + otherMerchant + "\"], \"targets\": [{\"provider\": \"stripe\", \"weight\": 1}]}]}");
        ApiClient.Response constrained = other.post("/v1/payments", payment(700, "usd", "automatic", VISA));
        // (Stripe's issuer may still be declining this card: the payment is Stripe's either way)
        String constrainedId = constrained.status() == 200 ? constrained.text("id")
                : constrained.body().path("error").path("payment").asString();
        JsonNode events = other.get("/v1/payments/" + constrainedId + "/events").body().path("data");
        JsonNode processing = null;
        for (JsonNode event : events) {
            if ("payment.processing".equals(event.path("type").asString())) {
                processing = event;
            }
        }
        assertThat(processing).isNotNull();
        assertThat(processing.path("data").path("providers")).hasSize(1);
        assertThat(processing.path("data").path("providers").path(0).asString()).isEqualTo("stripe");
        assertThat(processing.path("data").path("routing").path("reason").asString()).isEqualTo("only_candidate");

        // and the console's payment page says it, in a real browser
        org.openqa.selenium.WebDriver browser = dev.payrail.server.support.Chromium.start();
        try {
            org.openqa.selenium.support.ui.WebDriverWait wait = new org.openqa.selenium.support.ui.WebDriverWait(browser,
                    java.time.Duration.ofSeconds(15));
            browser.get(baseUrl() + "/console/");
            wait.until(org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(
                    org.openqa.selenium.By.id("token"))).sendKeys(ADMIN_TOKEN);
            browser.findElement(org.openqa.selenium.By.id("login-button")).click();
            wait.until(org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated(
                    org.openqa.selenium.By.id("view"), "Open reconciliation exceptions"));
            browser.get(baseUrl() + "/console/#/payments/" + lastPaymentId);
            wait.until(org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated(
                    org.openqa.selenium.By.id("timeline"), "routed to adyen by success_rate (best_score)"));
            assertThat(browser.findElement(org.openqa.selenium.By.id("timeline")).getText()).contains("stripe ", "adyen ");

            // the routing page: the strategy, each provider's rate over time and by segment, and the scores now
            browser.get(baseUrl() + "/console/#/routing");
            wait.until(org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated(
                    org.openqa.selenium.By.id("routing-scores"), "adyen"));
            assertThat(browser.findElement(org.openqa.selenium.By.id("routing-strategy")).getText())
                    .contains("success_rate", "window 300 s", "exploration 0%");
            org.openqa.selenium.WebElement chart = browser.findElement(org.openqa.selenium.By.id("provider-rate-chart"));
            assertThat(chart.findElements(org.openqa.selenium.By.cssSelector("polyline[data-provider='adyen']"))).hasSize(1);
            assertThat(chart.findElements(org.openqa.selenium.By.cssSelector("polyline[data-provider='stripe']"))).hasSize(1);
            assertThat(chart.getText()).contains("adyen ", "stripe ");
            assertThat(browser.findElement(org.openqa.selenium.By.id("routing-segments")).getText()).contains("adyen", "visa", "USD");
            // each segment's rate over the day, and beside it over the last hour, which this test's attempts are in
            assertThat(browser.findElement(org.openqa.selenium.By.id("routing-segments")).getText()).contains("LAST HOUR")
                    .containsPattern("stripe visa USD \\d+ \\d+(\\.\\d)?% \\d+(\\.\\d)?% of [1-9]\\d*");
            assertThat(browser.findElement(org.openqa.selenium.By.id("routing-scores")).getText()).contains("brand=visa,country=US");
        } finally {
            browser.quit();
        }
    }

    private String lastPaymentId;

    private JsonNode processing(String paymentId) {
        for (JsonNode event : api.get("/v1/payments/" + paymentId + "/events").body().path("data")) {
            if ("payment.processing".equals(event.path("type").asString())) {
                return event;
            }
        }
        throw new AssertionError("no payment.processing entry on " + paymentId);
    }

    private static double levelRate(JsonNode window, String level, String provider) {
        for (JsonNode counts : window.path("levels")) {
            if (level.equals(counts.path("level").asString()) && provider.equals(counts.path("provider").asString())) {
                return counts.path("rate").asDouble();
            }
        }
        throw new AssertionError("no " + level + " of " + provider + " in " + window);
    }

    private static double rate(JsonNode routing, String provider) {
        for (JsonNode score : routing.path("scores")) {
            if (provider.equals(score.path("provider").asString())) {
                return score.path("rate").asDouble();
            }
        }
        throw new AssertionError("no score of " + provider + " in " + routing);
    }
}
