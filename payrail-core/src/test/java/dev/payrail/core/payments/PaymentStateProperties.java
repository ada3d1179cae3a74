package dev.payrail.core.payments;

import dev.payrail.core.money.CurrencyCode;
import dev.payrail.core.money.Money;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Random sequences of operations, legal or not, never break a payment's invariants. */
class PaymentStateProperties {

    enum Op { CONFIRM, APPROVE, APPROVE_AND_CAPTURE, FAIL, CAPTURE, CANCEL, EXPIRE, RESERVE_REFUND, REFUND_SUCCEEDS, REFUND_FAILS }

    record Step(Op op, long amount) {
    }

    @Provide
    Arbitrary<List<Step>> operations() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.of(Op.class), Arbitraries.longs().between(-5, 12_000))
                .as(Step::new);
        return step.list().ofMaxSize(40);
    }

    @Property(tries = 2000)
    void invariants_hold_after_any_sequence(@ForAll @LongRange(min = 1, max = 10_000) long amount,
                                           @ForAll("operations") List<Step> steps) {
        CurrencyCode currency = CurrencyCode.of("KWD");
        PaymentState state = PaymentState.created(new Money(amount, currency));
        List<Money> pendingRefunds = new ArrayList<>();

        for (Step step : steps) {
            PaymentState before = state;
            try {
                state = apply(state, step, currency, pendingRefunds);
            } catch (PaymentRuleException refused) {
                assertThat(state).as("a refused operation changes nothing").isEqualTo(before);
            }
            assertInvariants(before, state);
        }
    }

    @Property(tries = 500)
    void refunds_never_exceed_the_captured_amount(@ForAll @LongRange(min = 1, max = 10_000) long captured,
                                                 @ForAll @Size(max = 30) List<@LongRange(min = 1, max = 4_000) Long> refunds) {
        CurrencyCode usd = CurrencyCode.of("USD");
        PaymentState state = PaymentState.created(new Money(captured, usd)).on(PaymentEvent.CONFIRM).authorizedAndCaptured();
        long accepted = 0;
        for (long r : refunds) {
            try {
                state = state.reserveRefund(new Money(r, usd)).settleRefund(new Money(r, usd), true);
                accepted += r;
            } catch (AmountRuleException tooMuch) {
                assertThat(accepted + r).isGreaterThan(captured);
            }
        }
        assertThat(state.refunded().minorUnits()).isEqualTo(accepted).isLessThanOrEqualTo(captured);
    }

    private static PaymentState apply(PaymentState s, Step step, CurrencyCode currency, List<Money> pendingRefunds) {
        Money money = new Money(step.amount(), currency);
        return switch (step.op()) {
            case CONFIRM -> s.on(PaymentEvent.CONFIRM);
            case APPROVE -> s.on(PaymentEvent.AUTHORIZATION_APPROVED);
            case APPROVE_AND_CAPTURE -> s.authorizedAndCaptured();
            case FAIL -> s.on(PaymentEvent.AUTHORIZATION_FAILED);
            case CAPTURE -> s.capture(money);
            case CANCEL -> s.on(PaymentEvent.CANCEL);
            case EXPIRE -> s.on(PaymentEvent.EXPIRE);
            case RESERVE_REFUND -> {
                PaymentState next = s.reserveRefund(money);
                pendingRefunds.add(money);
                yield next;
            }
            case REFUND_SUCCEEDS, REFUND_FAILS -> {
                if (pendingRefunds.isEmpty()) {
                    yield s;
                }
                Money refund = pendingRefunds.remove(0);
                yield s.settleRefund(refund, step.op() == Op.REFUND_SUCCEEDS);
            }
        };
    }

    private static void assertInvariants(PaymentState before, PaymentState after) {
        assertThat(after.captured().minorUnits()).isBetween(0L, after.amount().minorUnits());
        assertThat(after.refunded().plus(after.refundPending()).minorUnits()).isLessThanOrEqualTo(after.captured().minorUnits());
        if (before.status().isTerminal()) {
            assertThat(after.status()).as("terminal states stay terminal").isEqualTo(before.status());
            assertThat(after.captured()).as("a capture happens once").isEqualTo(before.captured());
        }
        assertThat(after.refunded().minorUnits()).as("refunds only grow").isGreaterThanOrEqualTo(before.refunded().minorUnits());
        if (!after.captured().isZero()) {
            assertThat(after.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        }
    }
}
