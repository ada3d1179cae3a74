package dev.payrail.core.payments;

import dev.payrail.core.ledger.PostingEvent;
import dev.payrail.core.money.CurrencyCode;
import dev.payrail.core.money.Money;
import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.OperationStatus;
import dev.payrail.core.providers.ProviderResult;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated sequences of commands and provider answers driven through {@link OperationAnswer}, the way the
 * server drives it: a command opens an operation, answers arrive (late, repeated, unknown first), and each
 * change is applied as decided. Whatever the sequence, the money the postings book equals the money the
 * payment's state moved, a closed operation never changes anything again, and "no answer" moves no money.
 */
class OperationAnswerProperties {

    enum Answer { APPROVE, APPROVE_AND_CAPTURE, DECLINE, NOT_RECEIVED, NO_ANSWER, REQUIRE_ACTION, AUTHENTICATION_FAILED, PENDING }

    record Step(OperationKind kind, long amount, List<Answer> answers) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<OperationKind> kinds = Arbitraries.of(OperationKind.AUTHORIZE, OperationKind.CAPTURE, OperationKind.CANCEL,
                OperationKind.REFUND);
        Arbitrary<List<Answer>> answers = Arbitraries.of(Answer.class).list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(kinds, Arbitraries.longs().between(1, 12_000), answers).as(Step::new).list().ofMaxSize(25);
    }

    @Property(tries = 2000)
    void postings_follow_the_state_and_closed_operations_stay_closed(
            @ForAll @LongRange(min = 1, max = 10_000) long amount, @ForAll("steps") List<Step> steps) {
        CurrencyCode currency = CurrencyCode.of("JPY");
        PaymentState state = PaymentState.created(new Money(amount, currency));
        long bookedCaptures = 0;
        long bookedRefunds = 0;
        for (Step step : steps) {
            Money opAmount = new Money(Math.min(step.amount(), amount), currency);
            // what the command does before the call: only a legal command opens an operation
            try {
                state = opened(state, step.kind(), opAmount);
            } catch (PaymentRuleException refused) {
                continue;
            }
            OperationStatus opStatus = OperationStatus.IN_FLIGHT;
            for (Answer answer : step.answers()) {
                if (step.kind() != OperationKind.AUTHORIZE && (answer == Answer.REQUIRE_ACTION
                        || answer == Answer.AUTHENTICATION_FAILED || answer == Answer.PENDING)) {
                    continue;           // only an authorization waits for the customer, or for their bank
                }
                PaymentState before = state;
                Optional<OperationAnswer.Change> change = OperationAnswer.decide(state,
                        new OperationAnswer.Operation(step.kind(), opStatus, opAmount, "requested_by_customer"), result(answer));
                if (!opStatus.open()) {
                    assertThat(change).as("a closed operation ignores " + answer).isEmpty();
                    continue;
                }
                if (opStatus == OperationStatus.REQUIRES_ACTION
                        && (answer == Answer.REQUIRE_ACTION || answer == Answer.NOT_RECEIVED)) {
                    // told again that it waits, or that a request it answered never arrived: nothing to apply
                    assertThat(change).as("waiting for the customer, then " + answer).isEmpty();
                    continue;
                }
                if (opStatus == OperationStatus.PENDING && answer != Answer.APPROVE && answer != Answer.APPROVE_AND_CAPTURE
                        && answer != Answer.DECLINE && answer != Answer.AUTHENTICATION_FAILED) {
                    // with the bank: only the provider's decision moves it, never a lost lookup or "still pending"
                    assertThat(change).as("pending at the provider, then " + answer).isEmpty();
                    continue;
                }
                assertThat(change).isPresent();
                OperationAnswer.Change c = change.get();
                if (answer == Answer.NO_ANSWER) {
                    assertThat(c.state()).isEqualTo(before);
                    assertThat(c.posting()).isEmpty();
                    assertThat(c.operation()).isEqualTo(OperationStatus.UNKNOWN);
                    assertThat(c.firstUnknown()).isEqualTo(opStatus == OperationStatus.IN_FLIGHT);
                }
                long capturedMoved = c.state().captured().minorUnits() - before.captured().minorUnits();
                long refundedMoved = c.state().refunded().minorUnits() - before.refunded().minorUnits();
                long postedCapture = c.posting().filter(p -> p.event() == PostingEvent.CAPTURE)
                        .map(p -> p.amount().minorUnits()).orElse(0L);
                long postedRefund = c.posting().filter(p -> p.event() == PostingEvent.REFUND_SUCCEEDED)
                        .map(p -> p.amount().minorUnits()).orElse(0L);
                assertThat(postedCapture).as("capture booked = captured moved").isEqualTo(capturedMoved);
                assertThat(postedRefund).as("refund booked = refunded moved").isEqualTo(refundedMoved);
                assertThat(c.failure().isPresent()).isEqualTo(answer == Answer.DECLINE || answer == Answer.NOT_RECEIVED
                        || answer == Answer.AUTHENTICATION_FAILED);
                if (answer == Answer.REQUIRE_ACTION) {
                    assertThat(c.state().status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
                    assertThat(c.operation()).isEqualTo(OperationStatus.REQUIRES_ACTION);
                    assertThat(c.closesOperation()).as("the authorization stays open for the customer").isFalse();
                }
                if (answer == Answer.PENDING) {
                    assertThat(c.state().status()).as("the bank settles it later").isEqualTo(PaymentStatus.PROCESSING);
                    assertThat(c.operation()).isEqualTo(OperationStatus.PENDING);
                    assertThat(c.closesOperation()).isFalse();
                    assertThat(c.posting()).isEmpty();
                }
                if (answer == Answer.AUTHENTICATION_FAILED) {
                    assertThat(c.state().status()).as("another card may still pay").isEqualTo(PaymentStatus.REQUIRES_PAYMENT_METHOD);
                    assertThat(c.posting()).isEmpty();
                }
                bookedCaptures += postedCapture;
                bookedRefunds += postedRefund;
                state = c.state();
                opStatus = c.operation();
            }
            if (step.kind() == OperationKind.REFUND && opStatus.open()) {
                // still unknown: its reservation stays until the resolver's answer (not generated here)
                state = state.settleRefund(opAmount, false);
            }
            assertThat(state.captured().minorUnits()).isBetween(0L, amount);
            assertThat(state.refunded().minorUnits() + state.refundPending().minorUnits()).isLessThanOrEqualTo(state.captured().minorUnits());
        }
        assertThat(bookedCaptures).isEqualTo(state.captured().minorUnits());
        assertThat(bookedRefunds).isEqualTo(state.refunded().minorUnits());
    }

    /** The state a command leaves before its call, as the server's commands do. */
    private static PaymentState opened(PaymentState state, OperationKind kind, Money amount) {
        return switch (kind) {
            case AUTHORIZE -> state.on(PaymentEvent.CONFIRM);
            case CAPTURE -> {
                state.checkCapture(amount);
                yield state;
            }
            case CANCEL -> {
                PaymentTransitions.require(state.status(), PaymentEvent.CANCEL);
                yield state;
            }
            case REFUND -> state.reserveRefund(amount);
            case PAYOUT -> throw new IllegalArgumentException();
        };
    }

    private static ProviderResult result(Answer answer) {
        return switch (answer) {
            case APPROVE -> new ProviderResult.Succeeded("ref", false);
            case APPROVE_AND_CAPTURE -> new ProviderResult.Succeeded("ref", true);
            case DECLINE -> new ProviderResult.Declined("card_declined", "Declined", "ref");
            case NOT_RECEIVED -> new ProviderResult.NotReceived("connection_refused");
            case NO_ANSWER -> new ProviderResult.OutcomeUnknown("timeout");
            case REQUIRE_ACTION -> new ProviderResult.RequiresAction("ref", "https://acs.example/challenge/1");
            case AUTHENTICATION_FAILED -> new ProviderResult.Declined("authentication_failed", "Not authenticated", "ref");
            case PENDING -> new ProviderResult.Pending("ref");
        };
    }
}
