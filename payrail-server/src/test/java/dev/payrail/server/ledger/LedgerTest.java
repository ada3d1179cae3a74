package dev.payrail.server.ledger;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ledger through the API and against the database: postings, balances, settlement, invariants, export. */
class LedgerTest extends ApiTest {

    @Autowired
    SettlementRun settlement;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void a_capture_books_gross_fee_and_net_and_the_funds_are_pending_until_settled() {
        String id = api.post("/v1/payments", payment(10_000, "usd", "automatic", VISA)).text("id");

        // default schedule of application.yml: 2.9% + 30 cents
        JsonNode charge = only(api.get("/v1/balance_transactions").body().path("data"));
        assertThat(charge.path("type").asString()).isEqualTo("charge");
        assertThat(charge.path("source").asString()).isEqualTo(id);
        assertThat(charge.path("amount").longValue()).isEqualTo(10_000);
        assertThat(charge.path("fee").longValue()).isEqualTo(320);
        assertThat(charge.path("net").longValue()).isEqualTo(9_680);
        assertThat(charge.path("status").asString()).isEqualTo("pending");
        assertThat(charge.path("available_on").longValue() - charge.path("created").longValue())
                .as("T+2 by default").isBetween(Duration.ofDays(2).toSeconds() - 5, Duration.ofDays(2).toSeconds() + 5);
        assertThat(balance("pending", "usd")).isEqualTo(9_680);
        assertThat(balance("available", "usd")).isZero();

        assertThat(settlement.settleDue(Instant.now().plus(Duration.ofDays(3)))).isPositive();

        assertThat(balance("pending", "usd")).isZero();
        assertThat(balance("available", "usd")).isEqualTo(9_680);
        assertThat(api.get("/v1/balance_transactions/" + charge.path("id").asString()).text("status")).isEqualTo("available");
        assertLedgerConsistent();
    }

    @Test
    void settlement_is_safe_to_run_twice_and_concurrently() throws Exception {
        for (int i = 0; i < 5; i++) {
            api.post("/v1/payments", payment(1_000 + i, "eur", "automatic", VISA));
        }
        Instant later = Instant.now().plus(Duration.ofDays(3));
        List<CompletableFuture<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> settlement.settleDue(later)));
        }
        for (CompletableFuture<Integer> run : runs) {
            run.get();
        }
        settlement.settleDue(later);

        assertThat(jdbc.sql("select count(*) from journal_entries where merchant_id = ? and event = 'settlement'")
                .param(merchantId).query(Long.class).single()).isEqualTo(5);
        long net = jdbc.sql("select sum(net) from balance_transactions where merchant_id = ? and type = 'charge'")
                .param(merchantId).query(Long.class).single();
        assertThat(balance("available", "eur")).isEqualTo(net);
        assertThat(balance("pending", "eur")).isZero();
        assertLedgerConsistent();
    }

    @Test
    void a_partial_capture_books_what_was_captured_and_a_refund_comes_from_available_funds() {
        String id = api.post("/v1/payments", payment(5_000, "jpy", "manual", VISA)).text("id");
        assertThat(api.get("/v1/balance_transactions").body().path("data")).as("nothing moves at authorization").isEmpty();
        api.post("/v1/payments/" + id + "/capture", "{\"amount_to_capture\": 4000}");
        // 2.9% of 4000 yen = 116, plus 30 yen
        assertThat(only(api.get("/v1/balance_transactions").body().path("data")).path("fee").longValue()).isEqualTo(146);

        ApiClient.Response refund = api.post("/v1/refunds", "{\"payment\": \"" + id + "\", \"amount\": 1500}");
        assertThat(refund.text("status")).isEqualTo("succeeded");

        JsonNode newest = api.get("/v1/balance_transactions?limit=1").body().path("data").get(0);
        assertThat(newest.path("type").asString()).isEqualTo("refund");
        assertThat(newest.path("amount").longValue()).isEqualTo(-1_500);
        assertThat(newest.path("net").longValue()).isEqualTo(-1_500);
        assertThat(newest.path("source").asString()).isEqualTo(refund.text("id"));
        assertThat(balance("pending", "jpy")).isEqualTo(4_000 - 146);
        assertThat(balance("available", "jpy")).as("refunds are taken from available funds, which may go negative")
                .isEqualTo(-1_500);
        assertThat(jdbc.sql("select count(*) from journal_entries where source_id = ?").param(refund.text("id"))
                .query(Long.class).single()).as("requested and succeeded").isEqualTo(2);
        assertLedgerConsistent();
    }

    @Test
    void balance_transactions_page_and_filter_and_refuse_bad_parameters() {
        String id = api.post("/v1/payments", payment(3_000, "usd", "automatic", VISA)).text("id");
        api.post("/v1/refunds", "{\"payment\": \"" + id + "\", \"amount\": 100}");
        api.post("/v1/refunds", "{\"payment\": \"" + id + "\", \"amount\": 200}");

        JsonNode first = api.get("/v1/balance_transactions?limit=2").body();
        assertThat(first.path("has_more").booleanValue()).isTrue();
        assertThat(first.path("data")).extracting(t -> t.path("amount").longValue()).containsExactly(-200L, -100L);
        JsonNode rest = api.get("/v1/balance_transactions?limit=2&starting_after=" + first.path("data").get(1).path("id").asString()).body();
        assertThat(rest.path("data")).extracting(t -> t.path("type").asString()).containsExactly("charge");
        assertThat(rest.path("has_more").booleanValue()).isFalse();
        assertThat(api.get("/v1/balance_transactions?type=refund").body().path("data")).hasSize(2);
        assertThat(api.get("/v1/balance_transactions?created[lte]=" + (Instant.now().getEpochSecond() - 3600)).body().path("data")).isEmpty();

        assertThat(api.get("/v1/balance_transactions?type=bonus").errorParam()).isEqualTo("type");
        assertThat(api.get("/v1/balance_transactions?limit=0").errorParam()).isEqualTo("limit");
        assertThat(api.get("/v1/balance_transactions?colour=red").errorParam()).isEqualTo("colour");
        assertThat(newMerchantClient("Other").get("/v1/balance_transactions/" + first.path("data").get(0).path("id").asString())
                .status()).as("another merchant's transaction").isEqualTo(404);
    }

    @Test
    void a_merchants_own_fee_schedule_applies_to_its_next_captures() {
        ApiClient admin = new ApiClient(baseUrl(), ADMIN_TOKEN);
        assertThat(admin.get("/v1/admin/merchants/" + merchantId + "/fee_schedule").text("source")).isEqualTo("default");
        ApiClient.Response set = admin.post("/v1/admin/merchants/" + merchantId + "/fee_schedule",
                "{\"basis_points\": 150, \"fixed\": {\"usd\": 10, \"kwd\": 50}}");
        assertThat(set.status()).as(set.body().toString()).isEqualTo(200);
        assertThat(set.body().path("fixed").path("kwd").longValue()).isEqualTo(50);

        api.post("/v1/payments", payment(2_000, "kwd", "automatic", VISA));

        // 1.5% of 2.000 KWD = 30 fils, plus 50 fils
        assertThat(only(api.get("/v1/balance_transactions").body().path("data")).path("fee").longValue()).isEqualTo(80);
        assertThat(admin.post("/v1/admin/merchants/" + merchantId + "/fee_schedule", "{\"basis_points\": 20000}").errorParam())
                .isEqualTo("basis_points");
        assertThat(admin.post("/v1/admin/merchants/" + merchantId + "/fee_schedule", "{\"basis_points\": 1, \"fixed\": {\"xyz\": 1}}")
                .errorParam()).isEqualTo("fixed.xyz");
        assertThat(admin.post("/v1/admin/merchants/" + merchantId + "/fee_schedule", "{\"basis_points\": 1, \"fixed\": {\"usd\": -1}}")
                .errorParam()).isEqualTo("fixed.usd");
        assertThat(admin.post("/v1/admin/merchants/acct_nobody/fee_schedule", "{\"basis_points\": 1}").status()).isEqualTo(404);
        assertLedgerConsistent();
    }

    @Test
    void the_journal_is_append_only_and_an_unbalanced_entry_cannot_commit() {
        api.post("/v1/payments", payment(700, "usd", "automatic", VISA));
        String entry = jdbc.sql("select id from journal_entries where merchant_id = ?").param(merchantId).query(String.class).single();

        assertThatThrownBy(() -> jdbc.sql("update journal_lines set amount = amount + 1 where entry_id = ?").param(entry).update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from journal_entries where id = ?").param(entry).update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            jdbc.sql("insert into journal_entries (id, merchant_id, event, currency, source_type, source_id, gross, fee)"
                    + " values ('je_bad', ?, 'payout_created', 'USD', 'test', 'src_bad', 100, 0)").param(merchantId).update();
            jdbc.sql("insert into journal_lines (entry_id, account_type, account_owner, currency, side, amount)"
                    + " values ('je_bad', 'merchant_available', ?, 'USD', 'debit', 100)").param(merchantId).update();
            jdbc.sql("insert into journal_lines (entry_id, account_type, account_owner, currency, side, amount)"
                    + " values ('je_bad', 'payouts_in_transit', ?, 'USD', 'credit', 99)").param(merchantId).update();
        })).rootCause().hasMessageContaining("does not balance");
        assertThatThrownBy(() -> transactions.executeWithoutResult(status ->
                jdbc.sql("insert into journal_entries (id, merchant_id, event, currency, source_type, source_id, gross, fee)"
                        + " values ('je_empty', ?, 'payout_created', 'USD', 'test', 'src_empty', 100, 0)").param(merchantId).update()))
                .rootCause().hasMessageContaining("fewer than two lines");
        assertThat(jdbc.sql("select count(*) from journal_entries where id in ('je_bad', 'je_empty')").query(Long.class).single()).isZero();
    }

    @Test
    void the_invariant_check_finds_a_balance_that_does_not_match_its_lines() {
        api.post("/v1/payments", payment(1_200, "usd", "automatic", VISA));
        ApiClient admin = new ApiClient(baseUrl(), ADMIN_TOKEN);
        assertLedgerConsistent();

        String owner = merchantId;
        jdbc.sql("update account_balances set debit_minus_credit = debit_minus_credit - 1"
                + " where account_owner = ? and account_type = 'merchant_pending'").param(owner).update();
        try {
            JsonNode check = admin.get("/v1/admin/ledger/check").body();
            assertThat(check.path("ok").booleanValue()).isFalse();
            assertThat(violationsOf(check)).extracting(v -> v.path("rule").asString())
                    .contains("account_equals_lines", "merchant_funds");
            assertThat(admin.getText("/actuator/prometheus")).containsPattern("payrail_ledger_invariant_violations\\S* [1-9]");
        } finally {
            jdbc.sql("update account_balances set debit_minus_credit = debit_minus_credit + 1"
                    + " where account_owner = ? and account_type = 'merchant_pending'").param(owner).update();
        }
        assertLedgerConsistent();
    }

    @Test
    void the_export_streams_journal_lines_as_csv_and_json() {
        String id = api.post("/v1/payments", payment(4_444, "usd", "automatic", VISA)).text("id");
        ApiClient admin = new ApiClient(baseUrl(), ADMIN_TOKEN);
        long now = Instant.now().getEpochSecond();

        String csv = admin.getText("/v1/admin/ledger/export?from=" + (now - 60) + "&to=" + (now + 60));
        assertThat(csv.lines().findFirst().orElseThrow()).isEqualTo(String.join(",", LedgerExport.COLUMNS));
        List<String> ours = csv.lines().filter(line -> line.contains(id)).toList();
        assertThat(ours).hasSize(3).anySatisfy(line -> assertThat(line).contains("provider_receivable").endsWith(",debit,4444"))
                .anySatisfy(line -> assertThat(line).contains("platform_fee_revenue").endsWith(",credit,159"));

        String json = admin.getText("/v1/admin/ledger/export?format=json&from=" + (now - 60) + "&to=" + (now + 60));
        JsonNode lines = tools.jackson.databind.json.JsonMapper.builder().build().readTree(json);
        assertThat(lines.isArray()).isTrue();
        long credits = 0;
        long debits = 0;
        for (JsonNode line : lines) {
            if (id.equals(line.path("source_id").asString())) {
                if ("debit".equals(line.path("side").asString())) {
                    debits += line.path("amount").longValue();
                } else {
                    credits += line.path("amount").longValue();
                }
            }
        }
        assertThat(debits).isEqualTo(credits).isEqualTo(4_444);
        assertThat(admin.get("/v1/admin/ledger/export?from=2026-12-01&to=2026-11-01").errorParam()).isEqualTo("to");
        assertThat(admin.get("/v1/admin/ledger/export?from=yesterday&to=2026-11-01").errorParam()).isEqualTo("from");
        assertThat(admin.get("/v1/admin/ledger/export?from=2026-11-01&to=2026-12-01&format=xml").errorParam()).isEqualTo("format");
    }

    private static JsonNode only(JsonNode list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }
}
