package dev.payrail.core.reconciliation;

import dev.payrail.core.ledger.FeeSchedule;
import dev.payrail.core.money.CurrencyCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SettlementMatcherTest {
    private static final CurrencyCode USD = CurrencyCode.of("USD");
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void a_payout_line_matches_a_payout_payrail_sent_and_otherwise_is_the_providers_payout_of_the_net() {
        RecordedItem payout = new RecordedItem("po_1", SettlementType.PAYOUT, "po_ext_1", "po_1", USD, 5_000, NOW, true, "paid");
        ReconciliationGoldenTest.InMemoryRecords records = new ReconciliationGoldenTest.InMemoryRecords(List.of(payout));
        SettlementMatcher matcher = new SettlementMatcher(records, new FeeSchedule(0, Map.of()), Duration.ofDays(5), Duration.ofDays(2));
        RunSummary summary = new RunSummary();

        SettlementMatcher.Outcome merchantPayout = matcher.match(row(1, SettlementType.PAYOUT, "po_ext_1", -5_000));
        SettlementMatcher.Outcome platformPayout = matcher.match(row(2, SettlementType.PAYOUT, "po_platform_9", -12_000));
        SettlementMatcher.Outcome wrongAmount = matcher.match(row(3, SettlementType.PAYOUT, "po_ext_1", -4_000));
        summary.add(merchantPayout);
        summary.add(platformPayout);

        assertThat(merchantPayout.matched()).isTrue();
        assertThat(merchantPayout.findings()).isEmpty();
        assertThat(platformPayout.matched()).isFalse();
        assertThat(platformPayout.findings()).as("the platform's payout is no exception").isEmpty();
        assertThat(wrongAmount.findings()).extracting(SettlementMatcher.Finding::category).containsExactly(ExceptionCategory.AMOUNT_MISMATCH);
        assertThat(summary.paidOut()).containsEntry("USD", -12_000L);
        assertThat(summary.netSettled()).containsEntry("USD", -5_000L);
    }

    private static SettlementRow row(long line, SettlementType type, String reference, long gross) {
        return new SettlementRow(line, "stripe", type, "txn_" + line, reference, null, null, USD, gross, 0, gross, NOW, null);
    }
}
