package dev.payrail.server.customers;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ShopBrowserTest;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A year of a subscription over HTTP: the card saved at sign-up behind a 3-D Secure challenge (a setup intent, its
 * challenge clicked through in a real Chromium; for Stripe, whose adapter does not verify cards alone, the sign-up
 * payment saves it), then twelve monthly off-session renewals driven by the merchant's calendar, with the simulated
 * issuers' clock set to each month. In month 4 the issuer asks for the customer, who comes back and authenticates; in
 * month 7 the card is short of funds and the merchant retries a few days later with a new payment; in month 9 the
 * card has expired (August): the issuer declines it, the account updater replaces it in the vault with the card the
 * issuer reissued, under the same pm_ id, and the renewals go on with it, still citing the sign-up's series. Every
 * renewal is charged once, announced, and booked.
 */
class SubscriptionScenarioTest extends ShopBrowserTest {
    private static final long PRICE = 1299;
    /** The number the issuer reissues the card as, when it expires in August 2027. */
    private static final String REISSUED = "4000000000000432";

    @ParameterizedTest
    @ValueSource(strings = {"simulator", "stripe", "adyen"})
    void a_year_of_monthly_renewals_through_an_authentication_a_soft_decline_and_an_expired_card(String provider) throws Exception {
        routeMerchantTo(provider);
        SavingSteps steps = new SavingSteps(api, baseUrl());
        String customer = steps.customer("subscriber@example.com");
        String card;
        List<String> paid = new ArrayList<>();
        if (provider.equals("stripe")) {
            SavingSteps.Saved signup = steps.saveWhilePaying(customer, SavedCardsTest.CHALLENGE, "off_session", 8, 2027);
            card = signup.paymentMethodId();
            paid.add(signup.paymentId());
        } else {
            card = signUpInTheBrowser(customer);
        }
        try {
            renewals(provider, customer, card, paid);
        } finally {
            simulator.setMonth(null);
        }
        assertYearBooked(provider, customer, paid);
    }

    /** Twelve monthly renewals from January 2027, with the issuers' calendar set to each month. */
    private void renewals(String provider, String customer, String card, List<String> paid) throws Exception {
        SavingSteps steps = new SavingSteps(api, baseUrl());
        YearMonth month = YearMonth.of(2027, 1);
        for (int i = 1; i <= 12; i++, month = month.plusMonths(1)) {
            if (i == 4) {
                simulator.instructIssuer(provider, "3220", "authentication_required");
            }
            if (i == 7) {
                simulator.instructIssuer(provider, "3220", "insufficient_funds");
            }
            simulator.setMonth(month);              // the issuers' calendar: a year passes in seconds
            ApiClient.Response renewal = api.post("/v1/payments", renewal(customer, card, month), "renewal-" + customer + "-" + month);
            String id = renewal.status() == 200 ? renewal.text("id") : renewal.body().path("error").path("payment").asString();
            if (i == 4) {
                assertThat(renewal.body().path("error").path("decline_code").asString()).isEqualTo("authentication_required");
                assertThat(api.get("/v1/payments/" + id).text("status")).isEqualTo("requires_payment_method");
                ApiClient.Response back = api.post("/v1/payments/" + id + "/confirm", "{\"return_url\": \"" + SavingSteps.RETURN_URL + "\"}");
                assertThat(back.text("status")).isEqualTo("requires_action");
                steps.completeChallenge(back);
                api.await("/v1/payments/" + id, r -> "succeeded".equals(r.text("status")), Duration.ofSeconds(10));
            } else if (i == 9) {
                // the card expired in August: the issuer declines it, the network's account updater brings the card the
                // issuer sent as its replacement, and the merchant retries with it (same pm_, same series)
                assertThat(renewal.status()).isEqualTo(402);
                assertThat(renewal.body().path("error").path("decline_code").asString()).isEqualTo("expired_card");
                simulator.reissue(SavedCardsTest.CHALLENGE, REISSUED, 10, 2030);
                ApiClient.Response run = new ApiClient(baseUrl(), ADMIN_TOKEN).post("/v1/admin/account_updater/run", "{}");
                assertThat(run.number("updated")).as(run.body().toString()).isPositive();
                assertThat(api.get("/v1/payment_methods/" + card).body().path("card").path("last4").asString()).isEqualTo("0432");
                ApiClient.Response retried = api.post("/v1/payments", renewal(customer, card, month),
                        "renewal-" + customer + "-" + month + "-reissued");
                assertThat(retried.status()).as(retried.body().toString()).isEqualTo(200);
                id = retried.text("id");
            } else if (i == 7) {
                assertThat(renewal.status()).isEqualTo(402);
                assertThat(renewal.body().path("error").path("decline_code").asString()).isEqualTo("insufficient_funds");
                assertThat(api.get("/v1/payments/" + id).text("status")).isEqualTo("failed");
                // the merchant's dunning: a new payment, with a new key, a few days later
                ApiClient.Response retried = api.post("/v1/payments", renewal(customer, card, month),
                        "renewal-" + customer + "-" + month + "-retry-1");
                assertThat(retried.status()).as(retried.body().toString()).isEqualTo(200);
                id = retried.text("id");
            } else {
                assertThat(renewal.status()).as(month + ": " + renewal.body()).isEqualTo(200);
            }
            // a renewal job that retries after a timeout sends the same key: answered, never charged twice
            assertThat(api.post("/v1/payments", renewal(customer, card, month), "renewal-" + customer + "-" + month).status())
                    .isIn(200, 402);
            ApiClient.Response settled = api.get("/v1/payments/" + id);
            assertThat(settled.text("status")).as(month.toString()).isEqualTo("succeeded");
            assertThat(settled.body().path("payment_method_details").path("card").path("last4").asString())
                    .as(month + ": the card in the vault").isEqualTo(i >= 9 ? "0432" : "3220");
            paid.add(id);
        }

    }

    private void assertYearBooked(String provider, String customer, List<String> paid) {
        assertThat(paid).hasSize(provider.equals("stripe") ? 13 : 12).doesNotHaveDuplicates();
        for (String id : paid) {
            assertThat(simulator.authorizationsFor(id).stream().filter(a -> "captured".equals(a.path("status").asString())))
                    .as("charged once: " + id).hasSize(1);
        }
        Set<String> announced = new HashSet<>();
        assertThat(jdbc.sql("select count(*) from payment_events where merchant_id = ? and type = 'payment_method.updated'")
                .param(merchantId).query(Long.class).single()).isEqualTo(1);
        for (JsonNode event : allSucceededEvents()) {
            announced.add(event.path("data").path("object").path("id").asString());
        }
        assertThat(announced).containsAll(paid);
        assertThat(jdbc.sql("select count(*) from payments where customer_id = ? and status = 'succeeded'").param(customer)
                .query(Long.class).single()).isEqualTo(paid.size());
        assertThat(balance("pending", "eur") + balance("available", "eur"))
                .as("every payment booked, less fees").isPositive().isLessThan(999 + 12 * PRICE);
        assertLedgerConsistent();
    }

    /** The sign-up page's setup intent; its challenge answered in Chromium, landing on the shop. Returns the saved card. */
    private String signUpInTheBrowser(String customer) {
        String number = SavedCardsTest.CHALLENGE;
        String pm = api.post("/v1/payment_methods", "{\"card\": {\"number\": \"" + number + "\", \"exp_month\": 8, "
                + "\"exp_year\": 2027, \"cvc\": \"123\"}}").text("id");
        ApiClient.Response waiting = api.post("/v1/setup_intents", "{\"customer\": \"" + customer + "\", \"payment_method\": \""
                + pm + "\", \"confirm\": true, \"usage\": \"off_session\", \"return_url\": \"" + shop.url("/billing/saved") + "\"}");
        assertThat(waiting.text("status")).as(waiting.body().toString()).isEqualTo("requires_action");
        browser.get(waiting.body().path("next_action").path("redirect_to_url").path("url").asString());
        wait.until(ExpectedConditions.elementToBeClickable(By.id("approve"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("shop"), "redirect_status=succeeded"));
        assertThat(browser.findElement(By.id("shop")).getText()).isEqualTo("/billing/saved?setup_intent=" + waiting.text("id")
                + "&redirect_status=succeeded");
        assertThat(api.get("/v1/setup_intents/" + waiting.text("id")).text("status")).isEqualTo("succeeded");
        return pm;
    }

    private static String renewal(String customer, String card, YearMonth month) {
        return "{\"amount\": " + PRICE + ", \"currency\": \"eur\", \"confirm\": true, \"off_session\": \"recurring\", "
                + "\"customer\": \"" + customer + "\", \"payment_method\": \"" + card + "\", \"description\": \"Plan, "
                + month + "\", \"metadata\": {\"period\": \"" + month + "\"}}";
    }

    private List<JsonNode> allSucceededEvents() {
        List<JsonNode> events = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/v1/events?type=payment.succeeded&limit=100" + (cursor == null ? "" : "&starting_after=" + cursor)).body();
            page.path("data").forEach(events::add);
            cursor = page.path("has_more").asBoolean() ? events.get(events.size() - 1).path("id").asString() : null;
        } while (cursor != null);
        return events;
    }
}
