package dev.payrail.server.checkout;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ShopBrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * payrail.js on a merchant's page in a real headless Chromium. The shop (a small HTTP server on another origin than
 * Payrail's) loads the script with its publishable key and a payment's client secret, mounts the card fields, and shows
 * what the script reports; the test types the card into Payrail's frame as a customer would. Every request the shop
 * receives is kept, to show the card number never reaches it.
 */
class PayrailJsBrowserTest extends ShopBrowserTest {
    @Test
    void a_card_typed_into_payrails_frame_pays_and_the_shop_never_sees_the_number() {
        String paymentId = openShop(2500, "eur");
        typeCard(VISA);
        browser.findElement(By.id("buy")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "payment:succeeded"));

        ApiClient.Response paid = api.get("/v1/payments/" + paymentId);
        assertThat(paid.text("status")).isEqualTo("succeeded");
        assertThat(paid.body().path("payment_method_details").path("card").path("last4").asString()).isEqualTo("4242");
        assertThat(shop.requests()).isNotEmpty().noneMatch(r -> r.contains("4242424242424242") || r.contains("4242 4242"));
        assertThat(browser.getPageSource()).doesNotContain("4242424242424242");
    }

    @Test
    void a_decline_is_reported_to_the_page_and_shown_in_the_fields() {
        openShop(1999, "usd");
        typeCard("4000000000000002");
        browser.findElement(By.id("buy")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "error:card_declined"));
        assertThat(browser.findElement(By.id("result")).getText()).contains("The card was declined.");
        browser.switchTo().frame(browser.findElement(By.cssSelector("#card iframe")));
        assertThat(browser.findElement(By.id("problem")).getText()).contains("The card was declined.");
        assertThat(browser.findElement(By.id("card_number")).getAttribute("value")).as("not kept once sent").isEmpty();
        browser.switchTo().defaultContent();
    }

    @Test
    void a_mistyped_card_is_marked_in_the_frame_and_nothing_is_sent() {
        String paymentId = openShop(500, "eur");
        typeCard("4242424242424241");
        browser.findElement(By.id("buy")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "error:validation_error"));
        browser.switchTo().frame(browser.findElement(By.cssSelector("#card iframe")));
        assertThat(browser.findElement(By.id("card_number")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.findElement(By.id("card_number-error")).getText()).contains("incomplete or not valid");
        browser.switchTo().defaultContent();
        assertThat(api.get("/v1/payments/" + paymentId).text("status")).isEqualTo("requires_confirmation");
    }

    @Test
    void a_challenge_sends_the_customer_to_the_bank_and_back_to_the_shop() {
        String paymentId = openShop(4200, "eur");
        typeCard("4000000000003220");
        browser.findElement(By.id("buy")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("approve"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("shop"), "/done?payment=" + paymentId));
        assertThat(browser.findElement(By.id("shop")).getText()).contains("redirect_status=succeeded");
        assertThat(api.get("/v1/payments/" + paymentId).text("status")).isEqualTo("succeeded");
    }

    /** The shop's checkout page for a new payment: payrail.js with the publishable key and the client secret. */
    private String openShop(long amount, String currency) {
        String publishable = api.post("/v1/api_keys", "{\"kind\": \"publishable\"}").text("secret");
        ApiClient.Response payment = api.post("/v1/payments", "{\"amount\": " + amount + ", \"currency\": \"" + currency + "\"}");
        String shopOrigin = shop.origin();
        shop.servePayPage("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Shop checkout</title>"
                + "<script src=\"" + baseUrl() + "/js/payrail.js\"></script></head><body>"
                + "<div id=\"card\"></div><button id=\"buy\">Buy</button><p id=\"result\"></p><script>"
                + "const payrail = Payrail('" + publishable + "');"
                + "payrail.mountCard('#card');"
                + "document.getElementById('buy').addEventListener('click', async () => {"
                + "  const r = await payrail.confirmCardPayment('" + payment.text("client_secret") + "', {return_url: '"
                + shopOrigin + "/done'});"
                + "  document.getElementById('result').textContent = r.error ? 'error:' + r.error.code + ':' + r.error.message"
                + "    : 'payment:' + r.payment.status;"
                + "});</script></body></html>");
        browser.get(shopOrigin + "/pay");
        return payment.text("id");
    }

    private void typeCard(String number) {
        browser.switchTo().frame(wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#card iframe"))));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("card_number")));
        browser.findElement(By.id("cardholder_name")).sendKeys("Ada Lovelace");
        browser.findElement(By.id("card_number")).sendKeys(number);
        browser.findElement(By.id("card_expiry")).sendKeys("12 / 34");
        browser.findElement(By.id("card_cvc")).sendKeys("123");
        browser.switchTo().defaultContent();
    }
}
