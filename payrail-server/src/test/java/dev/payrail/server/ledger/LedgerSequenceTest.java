package dev.payrail.server.ledger;

import dev.payrail.core.ledger.FeeSchedule;
import dev.payrail.core.money.CurrencyCode;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.Eventually;
import dev.payrail.server.support.ProviderWebhooks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property, end to end: random sequences of captures (full and partial), partial refunds, settlement runs,
 * disputes won and lost, and payouts, in a 0-, a 2- and a 3-decimal currency, through the API, webhooks and
 * jobs. After every step the merchant's funds equal an independent tally kept by this test (fees computed
 * from the configured schedule), and the ledger's invariant check finds nothing wrong. A case's seed is in
 * its name.
 */
class LedgerSequenceTest extends ApiTest {
    private static final long BASE_SEED = 5_2026_11_25L;
    private static final int CASES = 3;
    private static final int STEPS = 14;
    private static final List<String> CURRENCIES = List.of("usd", "jpy", "kwd");
    /** application.yml's defaults. */
    private static final FeeSchedule FEES = new FeeSchedule(290, Map.of("USD", 30L, "JPY", 30L, "KWD", 100L));
    private static final Map<String, Long> DISPUTE_FEE = Map.of("usd", 1_500L, "jpy", 2_000L, "kwd", 5_000L);

    @Autowired
    SettlementRun settlement;

    /** One captured payment as the test knows it. */
    private static final class Captured {
        final String id;
        final String currency;
        final long captured;
        long refundable;
        String disputeId;
        boolean disputeOpen;

        Captured(String id, String currency, long captured) {
            this.id = id;
            this.currency = currency;
            this.captured = captured;
            this.refundable = captured;
        }
    }

    @TestFactory
    Stream<DynamicTest> the_merchants_funds_always_match_the_operations() {
        new ApiClient(baseUrl(), ADMIN_TOKEN).post("/v1/admin/routing_rules", "{\"rules\": [{\"id\": \"ledger-seq-" + merchantId
                + "\", \"merchants\": [\"" + merchantId + "\"], \"targets\": [{\"provider\": \"stripe\", \"weight\": 1}]}]}");
        Map<String, Long> expectedFunds = new HashMap<>();
        List<Captured> payments = new ArrayList<>();
        Random seeds = new Random(BASE_SEED);
        return IntStream.range(0, CASES).mapToObj(i -> seeds.nextLong())
                .map(seed -> DynamicTest.dynamicTest("seed=" + seed, () -> {
                    Random random = new Random(seed);
                    for (int step = 0; step < STEPS; step++) {
                        String done = step(random, payments, expectedFunds);
                        for (String currency : CURRENCIES) {
                            long funds = balance("available", currency) + balance("pending", currency);
                            assertThat(funds).as("after %s: funds in %s", done, currency)
                                    .isEqualTo(expectedFunds.getOrDefault(currency, 0L));
                        }
                    }
                    assertLedgerConsistent();
                }));
    }

    private String step(Random random, List<Captured> payments, Map<String, Long> funds) {
        int choice = payments.isEmpty() ? 0 : random.nextInt(7);
        String currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
        switch (choice) {
            case 0, 1 -> {
                long amount = 100 + random.nextInt(50_000);
                boolean partial = choice == 1;
                ApiClient.Response created = api.post("/v1/payments", payment(amount, currency, partial ? "manual" : "automatic", VISA));
                long captured = amount;
                if (partial) {
                    captured = 1 + random.nextInt((int) amount);
                    api.post("/v1/payments/" + created.text("id") + "/capture", "{\"amount_to_capture\": " + captured + "}");
                }
                payments.add(new Captured(created.text("id"), currency, captured));
                funds.merge(currency, captured - FEES.feeOn(captured, CurrencyCode.of(currency)), Long::sum);
                return "capture " + captured + " " + currency;
            }
            case 2 -> {
                Captured p = payments.get(random.nextInt(payments.size()));
                if (p.refundable == 0 || p.disputeId != null) {
                    return "no refund";
                }
                long amount = 1 + random.nextInt((int) p.refundable);
                assertThat(api.post("/v1/refunds", "{\"payment\": \"" + p.id + "\", \"amount\": " + amount + "}").text("status"))
                        .isEqualTo("succeeded");
                p.refundable -= amount;
                funds.merge(p.currency, -amount, Long::sum);
                return "refund " + amount + " " + p.currency;
            }
            case 3 -> {
                settlement.settleDue(Instant.now().plus(Duration.ofDays(4)));
                return "settlement run";
            }
            case 4 -> {
                Captured p = payments.get(random.nextInt(payments.size()));
                if (p.disputeId != null || p.refundable == 0) {
                    return "no dispute";
                }
                p.disputeId = "dp_seq_" + UUID.randomUUID();
                p.disputeOpen = true;
                dispute(p, "needs_response", "charge.dispute.created");
                funds.merge(p.currency, -p.refundable - DISPUTE_FEE.get(p.currency), Long::sum);
                p.refundable = 0;
                return "dispute opened on " + p.id;
            }
            case 5 -> {
                Optional<Captured> open = payments.stream().filter(p -> p.disputeOpen).findFirst();
                if (open.isEmpty()) {
                    return "no dispute to close";
                }
                Captured p = open.get();
                boolean won = random.nextBoolean();
                dispute(p, won ? "won" : "lost", "charge.dispute.closed");
                p.disputeOpen = false;
                if (won) {
                    long disputed = jdbc.sql("select amount from disputes where provider_dispute_id = ?").param(p.disputeId)
                            .query(Long.class).single();
                    funds.merge(p.currency, disputed, Long::sum);
                }
                return "dispute " + (won ? "won" : "lost");
            }
            default -> {
                long available = balance("available", currency);
                long amount = 1 + random.nextInt(60_000);
                ApiClient.Response payout = api.post("/v1/payouts", "{\"amount\": " + amount + ", \"currency\": \"" + currency
                        + "\", \"destination\": \"ba_seq\"}");
                if (amount > available) {
                    assertThat(payout.errorCode()).isEqualTo("balance_insufficient");
                    return "payout refused";
                }
                assertThat(payout.text("status")).isEqualTo("in_transit");
                funds.merge(currency, -amount, Long::sum);
                return "payout " + amount + " " + currency;
            }
        }
    }

    private void dispute(Captured p, String status, String type) {
        long amount = p.refundable > 0 ? p.refundable : jdbc.sql("select amount from disputes where provider_dispute_id = ?")
                .param(p.disputeId).query(Long.class).single();
        String intent = api.get("/v1/payments/" + p.id).text("provider_reference");
        byte[] body = ProviderWebhooks.stripe("evt_" + UUID.randomUUID(), type, Instant.now().getEpochSecond(), "{\"id\": \""
                + p.disputeId + "\", \"object\": \"dispute\", \"amount\": " + amount + ", \"currency\": \"" + p.currency
                + "\", \"payment_intent\": \"" + intent + "\", \"reason\": \"general\", \"status\": \"" + status + "\"}");
        assertThat(ProviderWebhooks.postStripe(baseUrl(), body).statusCode()).isEqualTo(200);
        Eventually.await("dispute " + p.disputeId + " " + status, Duration.ofSeconds(15), () -> jdbc.sql(
                        "select status from disputes where provider_dispute_id = ?").param(p.disputeId).query(String.class)
                .optional().filter(status::equals));
    }

}
