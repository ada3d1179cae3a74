package dev.payrail.core.payouts;

import dev.payrail.core.ledger.PostingEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PayoutTransitionsTest {

    @Test
    void final_statuses_stay_final_and_every_way_back_returns_the_funds() {
        for (PayoutStatus status : PayoutStatus.values()) {
            for (PayoutEvent event : PayoutEvent.values()) {
                if (status.isFinal()) {
                    assertThat(PayoutTransitions.next(status, event)).as(status + " + " + event).isEmpty();
                }
            }
        }
        for (var t : PayoutTransitions.all()) {
            boolean fundsComeBack = t.to() == PayoutStatus.FAILED || t.to() == PayoutStatus.CANCELED;
            assertThat(t.event().posting().filter(p -> p == PostingEvent.PAYOUT_FAILED).isPresent()).as(t.toString())
                    .isEqualTo(fundsComeBack);
        }
        assertThat(PayoutTransitions.next(PayoutStatus.IN_TRANSIT, PayoutEvent.CANCEL)).as("too late to cancel").isEmpty();
        assertThat(PayoutTransitions.next(PayoutStatus.PENDING, PayoutEvent.ARRIVED)).isEmpty();
    }
}
