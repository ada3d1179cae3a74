package dev.payrail.server.payouts;

import dev.payrail.server.ledger.SettlementRun;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.EventSchemas;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Payouts against the simulator over HTTP, with the ledger and the balance checked at each step. */
class PayoutTest extends ApiTest {

    @Autowired
    SettlementRun settlement;

    @Autowired
    PayoutJobs jobs;

    @Test
    void a_payout_of_available_funds_travels_and_arrives() {
        fundedWith(10_000); // 9680 available after the 320 fee

        ApiClient.Response payout = api.post("/v1/payouts", "{\"amount\": 5000, \"currency\": \"usd\", \"destination\": \"ba_123\"}");

        assertThat(payout.status()).as(payout.body().toString()).isEqualTo(200);
        assertThat(payout.text("status")).isEqualTo("in_transit");
        assertThat(balance("available", "usd")).isEqualTo(4_680);
        api.await("/v1/payouts/" + payout.text("id"), r -> "paid".equals(r.text("status")), Duration.ofSeconds(10));
        assertThat(balance("available", "usd")).isEqualTo(4_680);
        JsonNode newest = api.get("/v1/balance_transactions?type=payout").body().path("data").get(0);
        assertThat(newest.path("amount").longValue()).isEqualTo(-5_000);
        assertThat(jdbc.sql("select count(*) from journal_entries where source_id = ? and event = 'payout_paid'")
                .param(payout.text("id")).query(Long.class).single()).isEqualTo(1);
        List<JsonNode> events = api.get("/v1/events?limit=100").body().path("data").valueStream()
                .filter(e -> e.path("type").asString().startsWith("payout.")).toList();
        assertThat(events).extracting(e -> e.path("type").asString()).containsExactly("payout.paid", "payout.created");
        events.forEach(e -> assertThat(EventSchemas.validate(e).isSuccess()).as(e.toString()).isTrue());
        assertLedgerConsistent();
    }

    @Test
    void a_payout_above_the_available_balance_is_refused_and_nothing_is_stored() {
        fundedWith(1_000); // 941 available

        ApiClient.Response refused = api.post("/v1/payouts", "{\"amount\": 942, \"currency\": \"usd\", \"destination\": \"ba_1\"}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("balance_insufficient");
        assertThat(refused.errorParam()).isEqualTo("amount");
        assertThat(count("payouts")).isZero();
        assertThat(api.post("/v1/payouts", "{\"amount\": 1, \"currency\": \"eur\", \"destination\": \"ba_1\"}").errorCode())
                .as("nothing available in that currency").isEqualTo("balance_insufficient");
        assertThat(api.post("/v1/payouts", "{\"amount\": 0, \"currency\": \"usd\", \"destination\": \"ba_1\"}").errorParam()).isEqualTo("amount");
        assertThat(api.post("/v1/payouts", "{\"amount\": 5, \"currency\": \"usd\", \"destination\": \"DE89 3704\"}").errorParam())
                .isEqualTo("destination");
        assertThat(api.post("/v1/payouts", "{\"amount\": 5, \"currency\": \"usdd\", \"destination\": \"ba_1\"}").errorParam())
                .isEqualTo("currency");
        assertThat(count("payouts")).isZero();
    }

    @Test
    void concurrent_payouts_never_overdraw_the_available_balance() throws Exception {
        fundedWith(10_000); // 9680 available: three payouts of 3000 fit, a fourth does not
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<ApiClient.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return api.post("/v1/payouts", "{\"amount\": 3000, \"currency\": \"usd\", \"destination\": \"ba_race\"}");
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<ApiClient.Response> call : calls) {
            statuses.add(call.get().status());
        }

        assertThat(statuses).containsExactlyInAnyOrder(200, 200, 200, 400, 400, 400);
        assertThat(balance("available", "usd")).isEqualTo(680);
        assertThat(count("payouts")).isEqualTo(3);
        assertLedgerConsistent();
    }

    @Test
    void a_returned_or_refused_payout_gives_the_funds_back() {
        fundedWith(5_000); // 4825 available

        ApiClient.Response refused = api.post("/v1/payouts", "{\"amount\": 1000, \"currency\": \"usd\", \"destination\": \"ba_invalid_7\"}");
        assertThat(refused.text("status")).isEqualTo("failed");
        assertThat(refused.text("failure_code")).isEqualTo("invalid_account");
        ApiClient.Response closed = api.post("/v1/payouts", "{\"amount\": 2000, \"currency\": \"usd\", \"destination\": \"ba_closed_7\"}");
        assertThat(closed.text("status")).isEqualTo("in_transit");
        assertThat(balance("available", "usd")).isEqualTo(2_825);

        ApiClient.Response returned = api.await("/v1/payouts/" + closed.text("id"), r -> "failed".equals(r.text("status")),
                Duration.ofSeconds(10));

        assertThat(returned.text("failure_code")).isEqualTo("account_closed");
        assertThat(balance("available", "usd")).isEqualTo(4_825);
        assertThat(api.get("/v1/balance_transactions?type=payout_failure").body().path("data")).hasSize(2);
        assertThat(api.post("/v1/payouts/" + closed.text("id") + "/cancel", "{}").status()).as("final").isEqualTo(409);
        assertLedgerConsistent();
    }

    @Test
    void automatic_payouts_wait_cancelable_then_go_out_once_a_day() {
        fundedWith(3_000); // 2883 available
        ApiClient admin = new ApiClient(baseUrl(), ADMIN_TOKEN);
        assertThat(admin.post("/v1/admin/merchants/" + merchantId + "/payout_schedule", "{\"interval\": \"weekly\"}").errorParam())
                .isEqualTo("weekly_anchor");
        assertThat(admin.post("/v1/admin/merchants/" + merchantId + "/payout_schedule",
                "{\"interval\": \"daily\", \"destination\": \"ba_auto\"}").status()).isEqualTo(200);
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(100); // a day no other test schedules for

        jobs.createScheduled(day);
        jobs.createScheduled(day);

        JsonNode waiting = only(api.get("/v1/payouts").body().path("data"));
        assertThat(waiting.path("automatic").booleanValue()).isTrue();
        assertThat(waiting.path("amount").longValue()).isEqualTo(2_883);
        assertThat(waiting.path("status").asString()).isEqualTo("pending");
        assertThat(balance("available", "usd")).isZero();
        ApiClient.Response canceled = api.post("/v1/payouts/" + waiting.path("id").asString() + "/cancel", "{}");
        assertThat(canceled.text("status")).isEqualTo("canceled");
        assertThat(balance("available", "usd")).isEqualTo(2_883);

        jobs.createScheduled(day.plusDays(1));
        String next = api.get("/v1/payouts?status=pending").body().path("data").get(0).path("id").asString();
        jobs.sendAndTrack(Instant.now().plus(Duration.ofHours(2))); // past the one-hour hold

        api.await("/v1/payouts/" + next, r -> "paid".equals(r.text("status")), Duration.ofSeconds(10));
        assertThat(api.post("/v1/payouts/" + next + "/cancel", "{}").errorCode()).isEqualTo("payout_state_invalid");
        assertThat(newMerchantClient("Other").get("/v1/payouts/" + next).status()).isEqualTo(404);
        assertLedgerConsistent();
    }

    @Test
    void adyen_payouts_end_by_notification_paid_or_returned() {
        new ApiClient(baseUrl(), ADMIN_TOKEN).post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"payout-adyen-" + merchantId
                + "\", \"merchants\": [\"" + merchantId + "\"], \"targets\": [{\"provider\": \"adyen\", \"weight\": 1}]}]}");
        fundedWith(10_000); // on Adyen now: 9680 available

        ApiClient.Response paid = api.post("/v1/payouts", "{\"amount\": 3000, \"currency\": \"usd\", \"destination\": \"ba_adyen\"}");
        ApiClient.Response returned = api.post("/v1/payouts", "{\"amount\": 2000, \"currency\": \"usd\", \"destination\": \"ba_closed_a\"}");
        ApiClient.Response refused = api.post("/v1/payouts", "{\"amount\": 1000, \"currency\": \"usd\", \"destination\": \"ba_invalid_a\"}");

        assertThat(paid.text("status")).as(paid.body().toString()).isEqualTo("in_transit");
        assertThat(refused.text("status")).isEqualTo("failed");
        api.await("/v1/payouts/" + paid.text("id"), r -> "paid".equals(r.text("status")), Duration.ofSeconds(15));
        ApiClient.Response back = api.await("/v1/payouts/" + returned.text("id"), r -> "failed".equals(r.text("status")),
                Duration.ofSeconds(15));
        assertThat(back.text("failure_code")).isEqualTo("payout_returned");
        assertThat(balance("available", "usd")).isEqualTo(9_680 - 3_000);
        assertThat(jdbc.sql("select provider from payouts where id = ?").param(paid.text("id")).query(String.class).single())
                .as("paid out by the provider that holds the funds").isEqualTo("adyen");
        assertLedgerConsistent();
    }

    /** A captured payment, settled: its net is available. */
    private void fundedWith(long amount) {
        api.post("/v1/payments", payment(amount, "usd", "automatic", VISA));
        settlement.settleDue(Instant.now().plus(Duration.ofDays(3)));
    }

    private static JsonNode only(JsonNode list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }
}
