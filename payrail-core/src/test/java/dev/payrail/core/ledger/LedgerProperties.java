package dev.payrail.core.ledger;

import dev.payrail.core.money.CurrencyCode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of captures, partial refunds (succeeding or failing), settlement runs, disputes (won
 * and lost, with fees) and payouts (paid or failed), booked through the posting table. After every step
 * the journal balances and every account equals what an independent tally of the operations says, to the
 * minor unit, in 0-, 2- and 3-decimal currencies.
 */
class LedgerProperties {
    private static final String MERCHANT = "acct_m";
    private static final String PROVIDER = "stripe";

    enum Op { CAPTURE, REFUND, REFUND_SUCCEEDS, REFUND_FAILS, SETTLE, DISPUTE, DISPUTE_WON, DISPUTE_LOST, PAYOUT, PAYOUT_PAID, PAYOUT_FAILS }

    record Step(Op op, long amount, int pick) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Combinators.combine(Arbitraries.of(Op.class), Arbitraries.longs().between(1, 5_000_000), Arbitraries.integers().between(0, 50))
                .as(Step::new).list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<CurrencyCode> currencies() {
        return Arbitraries.of("JPY", "USD", "EUR", "KWD", "BHD").map(CurrencyCode::of);
    }

    @Provide
    Arbitrary<FeeSchedule> fees() {
        return Combinators.combine(Arbitraries.longs().between(0, 500), Arbitraries.longs().between(0, 50))
                .as((bp, fixed) -> new FeeSchedule(bp, Map.of("USD", fixed, "EUR", fixed, "KWD", fixed * 10, "BHD", fixed * 10)));
    }

    /** The independent tally: what each account must hold, from the operations alone. */
    static final class Tally {
        long captured, captureFees, disputeFees, refundsRequested, refundsFailed, refundsSucceeded;
        long disputesOpened, disputesWon, disputesLost, payoutsCreated, payoutsFailed, payoutsPaid;
        long pendingUnsettled;
        final List<long[]> payments = new ArrayList<>(); // {captured, refundable, disputed?}
        final List<Long> refundsInFlight = new ArrayList<>();
        final List<Long> openDisputes = new ArrayList<>();
        final List<Long> payoutsInTransit = new ArrayList<>();
        final List<Long> unsettledNets = new ArrayList<>();
    }

    @Property(tries = 1000)
    void the_journal_balances_and_every_account_matches_the_operations(@ForAll("currencies") CurrencyCode currency,
                                                                      @ForAll("fees") FeeSchedule fees,
                                                                      @ForAll("steps") List<Step> steps) {
        Ledger ledger = new Ledger();
        Tally t = new Tally();
        PostingRules.Parties parties = new PostingRules.Parties(MERCHANT, PROVIDER, currency);
        long disputeFee = 15 * java.math.BigInteger.TEN.pow(currency.exponent()).longValueExact(); // 15 major units

        for (Step step : steps) {
            switch (step.op()) {
                case CAPTURE -> {
                    long fee = fees.feeOn(step.amount(), currency);
                    post(ledger, PostingEvent.CAPTURE, new PostingAmounts(step.amount(), fee), parties);
                    t.captured += step.amount();
                    t.captureFees += fee;
                    t.payments.add(new long[] {step.amount(), step.amount(), 0});
                    t.unsettledNets.add(step.amount() - fee);
                }
                case SETTLE -> {
                    for (long net : t.unsettledNets) {
                        post(ledger, PostingEvent.SETTLEMENT, PostingAmounts.of(net), parties);
                    }
                    t.unsettledNets.clear();
                }
                case REFUND -> {
                    if (t.payments.isEmpty()) {
                        continue;
                    }
                    long[] payment = t.payments.get(step.pick() % t.payments.size());
                    long amount = Math.min(step.amount(), payment[1]);
                    if (amount == 0 || payment[2] != 0) {
                        continue; // nothing left to refund, or disputed
                    }
                    payment[1] -= amount;
                    post(ledger, PostingEvent.REFUND_REQUESTED, PostingAmounts.of(amount), parties);
                    t.refundsRequested += amount;
                    t.refundsInFlight.add(amount);
                }
                case REFUND_SUCCEEDS, REFUND_FAILS -> {
                    if (t.refundsInFlight.isEmpty()) {
                        continue;
                    }
                    long amount = t.refundsInFlight.remove(step.pick() % t.refundsInFlight.size());
                    boolean succeeded = step.op() == Op.REFUND_SUCCEEDS;
                    post(ledger, succeeded ? PostingEvent.REFUND_SUCCEEDED : PostingEvent.REFUND_FAILED, PostingAmounts.of(amount), parties);
                    if (succeeded) {
                        t.refundsSucceeded += amount;
                    } else {
                        t.refundsFailed += amount;
                    }
                }
                case DISPUTE -> {
                    if (t.payments.isEmpty()) {
                        continue;
                    }
                    long[] payment = t.payments.get(step.pick() % t.payments.size());
                    if (payment[2] != 0 || payment[1] == 0) {
                        continue;
                    }
                    payment[2] = 1;
                    long amount = payment[1]; // what is still with the merchant
                    post(ledger, PostingEvent.DISPUTE_OPENED, PostingAmounts.of(amount), parties);
                    post(ledger, PostingEvent.DISPUTE_FEE, new PostingAmounts(disputeFee, disputeFee), parties);
                    t.disputesOpened += amount;
                    t.disputeFees += disputeFee;
                    t.openDisputes.add(amount);
                }
                case DISPUTE_WON, DISPUTE_LOST -> {
                    if (t.openDisputes.isEmpty()) {
                        continue;
                    }
                    long amount = t.openDisputes.remove(step.pick() % t.openDisputes.size());
                    boolean won = step.op() == Op.DISPUTE_WON;
                    post(ledger, won ? PostingEvent.DISPUTE_WON : PostingEvent.DISPUTE_LOST, PostingAmounts.of(amount), parties);
                    if (won) {
                        t.disputesWon += amount;
                    } else {
                        t.disputesLost += amount;
                    }
                }
                case PAYOUT -> {
                    long available = ledger.balance(new Account(AccountType.MERCHANT_AVAILABLE, MERCHANT, currency));
                    long amount = Math.min(step.amount(), available);
                    if (amount <= 0) {
                        continue; // a payout never exceeds the available balance
                    }
                    post(ledger, PostingEvent.PAYOUT_CREATED, PostingAmounts.of(amount), parties);
                    t.payoutsCreated += amount;
                    t.payoutsInTransit.add(amount);
                }
                case PAYOUT_PAID, PAYOUT_FAILS -> {
                    if (t.payoutsInTransit.isEmpty()) {
                        continue;
                    }
                    long amount = t.payoutsInTransit.remove(step.pick() % t.payoutsInTransit.size());
                    boolean paid = step.op() == Op.PAYOUT_PAID;
                    post(ledger, paid ? PostingEvent.PAYOUT_PAID : PostingEvent.PAYOUT_FAILED, PostingAmounts.of(amount), parties);
                    if (paid) {
                        t.payoutsPaid += amount;
                    } else {
                        t.payoutsFailed += amount;
                    }
                }
            }
            assertAccounts(ledger, t, currency);
        }
    }

    private static void post(Ledger ledger, PostingEvent event, PostingAmounts amounts, PostingRules.Parties parties) {
        PostingRules.entry(event, amounts, parties).ifPresent(ledger::post);
    }

    private static void assertAccounts(Ledger ledger, Tally t, CurrencyCode currency) {
        assertThat(ledger.trialBalance()).as("debits equal credits").isZero();
        long available = ledger.balance(new Account(AccountType.MERCHANT_AVAILABLE, MERCHANT, currency));
        long pending = ledger.balance(new Account(AccountType.MERCHANT_PENDING, MERCHANT, currency));
        long fees = t.captureFees + t.disputeFees;
        long refunds = t.refundsRequested - t.refundsFailed;
        long disputes = t.disputesOpened - t.disputesWon; // open or lost: withdrawn from the merchant
        long payouts = t.payoutsCreated - t.payoutsFailed;
        assertThat(available + pending).as("merchant identity")
                .isEqualTo(t.captured - refunds - fees - disputes - payouts);
        assertThat(pending).as("captured, not yet settled").isEqualTo(t.unsettledNets.stream().mapToLong(Long::longValue).sum());
        assertThat(ledger.balance(new Account(AccountType.REFUNDS_IN_FLIGHT, MERCHANT, currency)))
                .isEqualTo(t.refundsInFlight.stream().mapToLong(Long::longValue).sum());
        assertThat(ledger.balance(new Account(AccountType.DISPUTES, MERCHANT, currency)))
                .isEqualTo(t.openDisputes.stream().mapToLong(Long::longValue).sum());
        assertThat(ledger.balance(new Account(AccountType.PAYOUTS_IN_TRANSIT, MERCHANT, currency)))
                .isEqualTo(t.payoutsInTransit.stream().mapToLong(Long::longValue).sum());
        assertThat(ledger.balance(new Account(AccountType.PLATFORM_FEE_REVENUE, Account.PLATFORM, currency))).isEqualTo(fees);
        assertThat(ledger.balance(new Account(AccountType.PROVIDER_RECEIVABLE, PROVIDER, currency)))
                .as("what the provider still holds")
                .isEqualTo(t.captured - t.refundsSucceeded - t.disputesLost - t.payoutsPaid);
    }
}
