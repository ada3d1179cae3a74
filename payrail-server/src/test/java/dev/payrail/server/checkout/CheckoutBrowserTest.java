package dev.payrail.server.checkout;

import dev.payrail.core.webhooks.StripeSignature;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.EventSchemas;
import dev.payrail.server.support.Eventually;
import dev.payrail.server.support.Shop;
import dev.payrail.server.support.ShopBrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hosted checkout clicked through in a real headless Chromium, from the merchant's session to the shop's success
 * page: the card typed into Payrail's page, the simulated bank's challenge, the return, and the merchant's webhook
 * received and verified with its signing secret. A small HTTP server stands in for the shop (its pages and its
 * webhook endpoint).
 */
class CheckoutBrowserTest extends ShopBrowserTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    CheckoutSessionSweeper sweeper;

    @Test
    void a_customer_pays_on_the_hosted_page_through_a_challenge_and_the_merchant_is_told_verifiably() {
        ApiClient.Response endpoint = api.post("/v1/webhook_endpoints", "{\"url\": \"" + shopUrl("/hooks")
                + "\", \"enabled_events\": [\"checkout.session.completed\"]}");
        String secret = endpoint.text("secret");
        JsonNode session = create(4200, "eur");

        browser.get(session.path("url").asString());
        assertThat(browser.findElement(By.id("amount")).getText()).isEqualTo("42.00 EUR");
        assertThat(browser.findElement(By.id("description")).getText()).isEqualTo("Concert <b>tickets</b>");
        typeCard("4000000000003220");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("approve"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("shop"), "/done?session=" + session.path("id").asString()));

        ApiClient.Response complete = api.get("/v1/checkout_sessions/" + session.path("id").asString());
        assertThat(complete.text("status")).isEqualTo("complete");
        JsonNode payment = api.get("/v1/payments/" + complete.text("payment")).body();
        assertThat(payment.path("status").asString()).isEqualTo("succeeded");
        assertThat(payment.path("payment_method_details").path("card").path("three_d_secure").path("authentication_flow")
                .asString()).isEqualTo("challenge");

        Shop.Delivery delivery = awaitWebhook();
        assertThat(StripeSignature.verify(delivery.signature(), delivery.body(), List.of(secret), Instant.now(),
                Duration.ofMinutes(5)).valid()).as("signed with the endpoint's secret").isTrue();
        assertThat(StripeSignature.verify(delivery.signature(), delivery.body(), List.of("whsec_not_theirs"), Instant.now(),
                Duration.ofMinutes(5)).valid()).isFalse();
        JsonNode event = JSON.readTree(delivery.body());
        assertThat(event.path("type").asString()).isEqualTo("checkout.session.completed");
        assertThat(event.path("data").path("object").path("id").asString()).isEqualTo(session.path("id").asString());
        assertThat(EventSchemas.validate(event).isSuccess()).as(EventSchemas.validate(event).toString()).isTrue();
    }

    @Test
    void a_failed_challenge_is_explained_and_another_card_pays_on_the_same_page() {
        JsonNode session = create(1500, "eur");
        browser.get(session.path("url").asString());
        typeCard("4000000000003220");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("fail"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(browser.findElement(By.id("error")).getText()).contains("could not verify it was you")
                .contains("nothing was charged");
        assertThat(browser.findElement(By.id("error")).getAttribute("role")).isEqualTo("alert");

        typeCard("4000000000003238");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("shop"), "/done"));
        ApiClient.Response complete = api.get("/v1/checkout_sessions/" + session.path("id").asString());
        assertThat(complete.text("status")).isEqualTo("complete");
        assertThat(complete.text("payment")).as("the same payment, confirmed again").isEqualTo(session.path("payment").asString());
        assertThat(simulator.authorizationsFor(complete.text("payment"))).hasSize(2);
    }

    @Test
    void a_mistyped_card_is_marked_on_its_field_and_an_expired_session_says_so() {
        JsonNode session = create(990, "usd");
        browser.get(session.path("url").asString());
        browser.findElement(By.id("cardholder_name")).sendKeys("Ada Lovelace");
        browser.findElement(By.id("card_number")).sendKeys("4242 4242 4242 4241");
        browser.findElement(By.id("card_expiry")).sendKeys("12 / 34");
        browser.findElement(By.id("card_cvc")).sendKeys("123");
        browser.findElement(By.id("pay")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("card_number-error")));
        assertThat(browser.findElement(By.id("card_number")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.findElement(By.id("card_number")).getAttribute("aria-describedby")).isEqualTo("card_number-error");
        assertThat(browser.findElement(By.id("card_number")).getAttribute("value")).isEmpty();
        assertThat(browser.findElement(By.id("cardholder_name")).getAttribute("value")).isEqualTo("Ada Lovelace");

        jdbc.sql("update checkout_sessions set expires_at = now() - interval '1 minute' where id = ?")
                .param(session.path("id").asString()).update();
        sweeper.sweep();
        browser.get(session.path("url").asString());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("title"), "This checkout has expired"));
        browser.findElement(By.id("cancel")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("shop"), "/cart"));
        assertThat(api.get("/v1/payments/" + session.path("payment").asString()).text("status")).isEqualTo("canceled");
    }

    @Test
    void a_bank_redirect_approved_at_the_bank_processes_until_settled_and_lands_on_the_shop() {
        JsonNode session = create(2500, "eur", "[\"card\", \"bank_redirect\"]");
        browser.get(session.path("url").asString());
        new Select(browser.findElement(By.id("bank"))).selectByValue("ing");
        browser.findElement(By.id("pay_bank")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("approve")));
        assertThat(browser.findElement(By.id("amount")).getText()).isEqualTo("25.00 EUR");
        browser.findElement(By.id("approve")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("shop"), "/done?session=" + session.path("id").asString()));

        ApiClient.Response complete = api.get("/v1/checkout_sessions/" + session.path("id").asString());
        assertThat(complete.text("status")).isEqualTo("complete");
        JsonNode payment = api.get("/v1/payments/" + complete.text("payment")).body();
        assertThat(payment.path("status").asString()).isEqualTo("succeeded");
        assertThat(payment.path("payment_method_details").path("bank_redirect").path("bank").asString()).isEqualTo("ing");
    }

    @Test
    void a_bank_redirect_declined_at_the_bank_is_explained_and_a_card_then_pays() {
        JsonNode session = create(1200, "eur", "[\"card\", \"bank_redirect\"]");
        browser.get(session.path("url").asString());
        new Select(browser.findElement(By.id("bank"))).selectByValue("rabobank");
        browser.findElement(By.id("pay_bank")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("decline"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(browser.findElement(By.id("error")).getText()).contains("Your bank declined the payment; nothing was charged.");
        String declined = session.path("payment").asString();
        assertThat(api.get("/v1/payments/" + declined).text("status")).isEqualTo("failed");

        typeCard(VISA);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("shop"), "/done"));
        ApiClient.Response complete = api.get("/v1/checkout_sessions/" + session.path("id").asString());
        assertThat(complete.text("status")).isEqualTo("complete");
        assertThat(complete.text("payment")).as("a new payment for the card").isNotEqualTo(declined);
        assertThat(simulator.authorizationsFor(declined)).extracting(a -> a.path("status").asString()).containsExactly("declined");
    }

    private void typeCard(String number) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("card_number")));
        browser.findElement(By.id("cardholder_name")).clear();
        browser.findElement(By.id("cardholder_name")).sendKeys("Ada Lovelace");
        browser.findElement(By.id("card_number")).sendKeys(number);
        browser.findElement(By.id("card_expiry")).sendKeys("12 / 34");
        browser.findElement(By.id("card_cvc")).sendKeys("123");
        browser.findElement(By.id("pay")).click();
    }

    private JsonNode create(long amount, String currency) {
        return create(amount, currency, "[\"card\"]");
    }

    private JsonNode create(long amount, String currency, String paymentMethodTypes) {
        ApiClient.Response created = api.post("/v1/checkout_sessions", "{\"amount\": " + amount + ", \"currency\": \"" + currency
                + "\", \"description\": \"Concert <b>tickets</b>\", \"success_url\": \"" + shopUrl("/done")
                + "?session={CHECKOUT_SESSION_ID}\", \"cancel_url\": \"" + shopUrl("/cart") + "\", \"payment_method_types\": "
                + paymentMethodTypes + "}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
        return created.body();
    }

    private String shopUrl(String path) {
        return shop.url(path);
    }

    private Shop.Delivery awaitWebhook() {
        return Eventually.await("the merchant's webhook", Duration.ofSeconds(20), () -> shop.webhooks().stream().findFirst());
    }
}
