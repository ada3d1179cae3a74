package dev.payrail.core.ledger;

import dev.payrail.core.money.CurrencyCode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostingRulesTest {
    private static final CurrencyCode USD = CurrencyCode.of("USD");
    private static final PostingRules.Parties PARTIES = new PostingRules.Parties("acct_1", "adyen", USD);

    @Test
    void a_capture_owes_the_merchant_the_amount_less_the_fee() {
        JournalEntry entry = PostingRules.entry(PostingEvent.CAPTURE, new PostingAmounts(10_000, 320), PARTIES).orElseThrow();

        assertThat(entry.lines()).containsExactly(
                new JournalLine(new Account(AccountType.PROVIDER_RECEIVABLE, "adyen", USD), Side.DEBIT, 10_000),
                new JournalLine(new Account(AccountType.MERCHANT_PENDING, "acct_1", USD), Side.CREDIT, 9_680),
                new JournalLine(new Account(AccountType.PLATFORM_FEE_REVENUE, Account.PLATFORM, USD), Side.CREDIT, 320));
    }

    @Test
    void zero_lines_are_left_out_and_an_all_zero_event_writes_nothing() {
        assertThat(PostingRules.entry(PostingEvent.CAPTURE, PostingAmounts.of(500), PARTIES).orElseThrow().lines()).hasSize(2);
        assertThat(PostingRules.entry(PostingEvent.SETTLEMENT, PostingAmounts.of(0), PARTIES)).isEmpty();
    }

    @Test
    void every_rule_balances_for_any_amounts() {
        for (PostingEvent event : PostingEvent.values()) {
            assertThat(PostingRules.entry(event, new PostingAmounts(7_777, 123), PARTIES)).as(event.name()).isPresent();
        }
    }

    @Test
    void exactly_the_events_that_change_the_merchants_funds_show_as_balance_transactions() {
        for (PostingEvent event : PostingEvent.values()) {
            JournalEntry entry = PostingRules.entry(event, new PostingAmounts(1_000, 100), PARTIES).orElseThrow();
            long merchantFunds = entry.lines().stream()
                    .filter(l -> l.account().type() == AccountType.MERCHANT_AVAILABLE || l.account().type() == AccountType.MERCHANT_PENDING)
                    .mapToLong(l -> -l.signedAmount()).sum();
            assertThat(event.balanceTransactionType().isPresent()).as(event.name()).isEqualTo(merchantFunds != 0);
        }
    }

    @Test
    void an_unbalanced_entry_cannot_be_made() {
        Account a = new Account(AccountType.MERCHANT_AVAILABLE, "acct_1", USD);
        Account b = new Account(AccountType.PAYOUTS_IN_TRANSIT, "acct_1", USD);
        Account eur = new Account(AccountType.PAYOUTS_IN_TRANSIT, "acct_1", CurrencyCode.of("EUR"));

        assertThatThrownBy(() -> new JournalEntry(PostingEvent.PAYOUT_CREATED,
                List.of(new JournalLine(a, Side.DEBIT, 100), new JournalLine(b, Side.CREDIT, 99))))
                .isInstanceOf(UnbalancedEntryException.class).hasMessageContaining("differ by 1 in USD");
        assertThatThrownBy(() -> new JournalEntry(PostingEvent.PAYOUT_CREATED,
                List.of(new JournalLine(a, Side.DEBIT, 100), new JournalLine(eur, Side.CREDIT, 100))))
                .as("balanced in total but not per currency").isInstanceOf(UnbalancedEntryException.class);
        assertThatThrownBy(() -> new JournalEntry(PostingEvent.PAYOUT_CREATED, List.of(new JournalLine(a, Side.DEBIT, 0))))
                .isInstanceOf(UnbalancedEntryException.class);
        assertThatThrownBy(() -> new JournalLine(a, Side.DEBIT, -5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fees_round_half_up_in_the_minor_unit_and_never_exceed_the_amount() {
        FeeSchedule schedule = new FeeSchedule(290, Map.of("USD", 30L));
        assertThat(schedule.feeOn(10_000, USD)).isEqualTo(290 + 30);
        assertThat(schedule.feeOn(50, USD)).as("1.45 rounds to 1, plus 30").isEqualTo(31);
        assertThat(schedule.feeOn(150, USD)).as("4.35 rounds to 4").isEqualTo(34);
        assertThat(new FeeSchedule(250, Map.of()).feeOn(100, CurrencyCode.of("JPY"))).as("2.5 yen rounds up").isEqualTo(3);
        assertThat(schedule.feeOn(20, USD)).as("capped at the amount").isEqualTo(20);
        assertThat(schedule.feeOn(Long.MAX_VALUE / 2, USD)).isPositive();
        assertThatThrownBy(() -> new FeeSchedule(10_001, Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
