package dev.payrail.server.console;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.ReportUploader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations console in a real headless Chromium: sign in as an operator, find a payment, open its
 * history, refund it and see the refund in the history, resolve a reconciliation exception, and visit every
 * page. Screenshots of the main pages go to target/console-screenshots. CI installs Debian's chromium and
 * chromium-driver and sets PAYRAIL_REQUIRE_BROWSER, so there a missing browser fails; elsewhere the test is
 * skipped, saying why.
 */
class ConsoleBrowserTest extends ApiTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String OPERATOR_TOKEN = "operator-token-0123456789abcdefgh";
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void startBrowser() throws Exception {
        boolean available = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("PAYRAIL_REQUIRE_BROWSER") != null) {
            assertThat(available).as("chromium and chromedriver (Debian packages chromium, chromium-driver)").isTrue();
        }
        Assumptions.assumeTrue(available, "chromium or chromedriver is not installed");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                        "--user-data-dir=" + Files.createTempDirectory("payrail-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void an_operator_finds_a_payment_refunds_it_and_resolves_a_reconciliation_exception() throws Exception {
        String reference = "order-" + UUID.randomUUID().toString().substring(0, 8);
        String paid = api.post("/v1/payments", "{\"amount\": 4200, \"currency\": \"usd\", \"confirm\": true, "
                + "\"merchant_reference\": \"" + reference + "\", \"description\": \"<script>alert(1)</script>\", "
                + "\"card\": " + card(VISA) + "}").text("id");
        String exception = reconciliationException();

        // sign in
        browser.get(baseUrl() + "/console/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(OPERATOR_TOKEN);
        browser.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("view"), "Open reconciliation exceptions"));
        screenshot("overview");

        // find the payment by its merchant reference, open it
        browser.findElement(By.cssSelector("a[data-view=payments]")).click();
        WebElement search = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#payment-search input[name=q]")));
        search.sendKeys(reference);
        browser.findElement(By.id("search-button")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//tr[td[text()='" + paid + "']]"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "payment.succeeded"));
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("payment.provider_attempt", "ledger");
        screenshot("payment");

        // refund part of it; the refund appears in the history
        browser.findElement(By.id("refund-amount")).sendKeys("1500");
        browser.findElement(By.id("refund-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "refund.succeeded"));
        screenshot("payment-refunded");
        assertThat(api.get("/v1/payments/" + paid).number("amount_refunded")).isEqualTo(1500);
        assertThat(jdbc.sql("select count(*) from audit_log where actor = 'operator:olga' and object_id = ? "
                + "and action = 'POST /v1/admin/console/payments/{id}/refund' and outcome = 'succeeded'")
                .param(paid).query(Long.class).single()).isEqualTo(1);

        // resolve the reconciliation exception
        browser.findElement(By.cssSelector("a[data-view=reconciliation]")).click();
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//tr[td[text()='" + exception + "']]")));
        row.findElement(By.cssSelector("input[aria-label=note]")).sendKeys("charge made outside Payrail, refunded");
        row.findElement(By.cssSelector("select[aria-label='resolution code']")).sendKeys("written_off");
        row.findElement(By.className("resolve-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Resolve: done."));
        ApiClient admin = new ApiClient(baseUrl(), ADMIN_TOKEN);
        assertThat(admin.get("/v1/reconciliation/exceptions/" + exception).text("status")).isEqualTo("resolved");
        screenshot("reconciliation");

        // every other page renders without an error
        for (String page : new String[]{"providers", "queues", "balances"}) {
            browser.findElement(By.cssSelector("a[data-view=" + page + "]")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#view h2")));
            wait.until(d -> d.findElements(By.cssSelector("#view table")).size() > 0);
            assertThat(browser.findElements(By.cssSelector("#view .error"))).as(page).isEmpty();
            screenshot(page);
        }
    }

    @Test
    void a_merchant_key_does_not_open_the_console() {
        browser.get(baseUrl() + "/console/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(api.bearer());
        browser.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "not an operator token"));
        assertThat(browser.findElement(By.id("app")).isDisplayed()).isFalse();
    }

    /** A report row Payrail has no record of: one open missing_in_payrail exception, its id. */
    private String reconciliationException() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        ReportUploader.uploadUnknownStripeCharge(baseUrl(), "console_" + tag);
        return jdbc.sql("select id from reconciliation_exceptions where detail::text like ? and category = 'missing_in_payrail'")
                .param("%" + tag + "%").query(String.class).single();
    }

    private void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
