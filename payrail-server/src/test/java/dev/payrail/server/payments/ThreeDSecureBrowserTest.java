package dev.payrail.server.payments;

import com.sun.net.httpserver.HttpServer;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 3-D Secure clicked through in a real headless Chromium: the simulated bank's challenge page, its buttons, the
 * return through Payrail and the landing on the merchant's page (a small HTTP server standing in for the shop).
 * CI installs chromium and chromium-driver and sets PAYRAIL_REQUIRE_BROWSER; elsewhere a missing browser skips it.
 */
class ThreeDSecureBrowserTest extends ApiTest {

    @Autowired
    AuthorizationExpirySweeper sweeper;

    private WebDriver browser;
    private WebDriverWait wait;
    private HttpServer shop;

    @BeforeEach
    void start() throws Exception {
        shop = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        shop.createContext("/done", exchange -> {
            byte[] page = ("<!doctype html><title>Shop</title><h1 id=\"shop\">Thank you: " + exchange.getRequestURI().getQuery()
                    + "</h1>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        shop.start();
        browser = dev.payrail.server.support.Chromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (shop != null) {
            shop.stop(0);
        }
    }

    @Test
    void a_customer_approves_a_challenge_and_lands_on_the_shop() {
        ApiClient.Response created = api.post("/v1/payments", challenged("4000000000003220"));
        assertThat(created.text("status")).isEqualTo("requires_action");
        browser.get(created.body().path("next_action").path("redirect_to_url").path("url").asString());
        wait.until(ExpectedConditions.elementToBeClickable(By.id("approve"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("shop"), "redirect_status=succeeded"));
        assertThat(browser.findElement(By.id("shop")).getText()).contains("payment=" + created.text("id"));
        ApiClient.Response paid = api.get("/v1/payments/" + created.text("id"));
        assertThat(paid.text("status")).isEqualTo("succeeded");
        assertThat(paid.body().path("payment_method_details").path("card").path("three_d_secure").path("result").asString())
                .isEqualTo("authenticated");
    }

    @Test
    void a_failed_challenge_then_another_card_pays() {
        ApiClient.Response created = api.post("/v1/payments", challenged("4000000000003220"));
        browser.get(created.body().path("next_action").path("redirect_to_url").path("url").asString());
        wait.until(ExpectedConditions.elementToBeClickable(By.id("fail"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("shop"), "redirect_status=failed"));
        assertThat(api.get("/v1/payments/" + created.text("id")).text("status")).isEqualTo("requires_payment_method");

        ApiClient.Response again = api.post("/v1/payments/" + created.text("id") + "/confirm", "{\"card\": " + card(VISA) + "}");
        assertThat(again.text("status")).isEqualTo("succeeded");
        assertThat(simulator.authorizationsFor(created.text("id"))).hasSize(2);
    }

    @Test
    void a_frictionless_card_needs_no_browser_and_an_abandoned_challenge_expires() {
        assertThat(api.post("/v1/payments", challenged("4000000000003238")).text("status")).isEqualTo("succeeded");

        ApiClient.Response abandoned = api.post("/v1/payments", challenged("4000000000003261"));
        String page = abandoned.body().path("next_action").path("redirect_to_url").path("url").asString();
        browser.get(page);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("waiting")));
        assertThat(browser.findElements(By.id("approve"))).isEmpty();
        jdbc.sql("update payments set action_required_at = now() - interval '2 hours' where id = ?")
                .param(abandoned.text("id")).update();
        sweeper.sweep();
        assertThat(api.get("/v1/payments/" + abandoned.text("id")).text("status")).isEqualTo("canceled");
        browser.get(page);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("ended")));
    }

    private String challenged(String number) {
        return "{\"amount\": 4200, \"currency\": \"eur\", \"confirm\": true, \"return_url\": \"http://127.0.0.1:"
                + shop.getAddress().getPort() + "/done\", \"card\": " + card(number) + "}";
    }
}
