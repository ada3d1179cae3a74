package dev.payrail.server.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

/** A browser test with a merchant's shop: a real headless Chromium ({@link Chromium}) and a {@link Shop} per test. */
public abstract class ShopBrowserTest extends ApiTest {
    protected WebDriver browser;
    protected WebDriverWait wait;
    protected Shop shop;

    @BeforeEach
    void startBrowserAndShop() throws Exception {
        shop = new Shop();
        browser = Chromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterEach
    void stopBrowserAndShop() {
        if (browser != null) {
            browser.quit();
        }
        shop.close();
    }
}
