package dev.payrail.core.disputes;

import dev.payrail.core.ledger.PostingEvent;
import org.junit.jupiter.api.Test;

import static dev.payrail.core.disputes.DisputeStatus.LOST;
import static dev.payrail.core.disputes.DisputeStatus.NEEDS_RESPONSE;
import static dev.payrail.core.disputes.DisputeStatus.UNDER_REVIEW;
import static dev.payrail.core.disputes.DisputeStatus.WARNING_NEEDS_RESPONSE;
import static dev.payrail.core.disputes.DisputeStatus.WON;
import static org.assertj.core.api.Assertions.assertThat;

class DisputeTransitionsTest {

    @Test
    void final_statuses_have_no_way_out_and_every_other_status_can_end() {
        for (DisputeStatus status : DisputeStatus.values()) {
            for (DisputeEvent event : DisputeEvent.values()) {
                if (status.isFinal()) {
                    assertThat(DisputeTransitions.next(status, event)).as(status + " + " + event).isEmpty();
                }
            }
            if (!status.isFinal()) {
                assertThat(DisputeTransitions.next(status, DisputeEvent.WIN)).contains(WON);
                assertThat(DisputeTransitions.next(status, DisputeEvent.LOSE)).contains(LOST);
            }
        }
        assertThat(DisputeTransitions.next(UNDER_REVIEW, DisputeEvent.SUBMIT_EVIDENCE)).as("evidence goes in once").isEmpty();
        assertThat(DisputeTransitions.next(UNDER_REVIEW, DisputeEvent.ACCEPT)).as("too late to accept").isEmpty();
    }

    @Test
    void funds_leave_once_when_a_chargeback_starts_and_return_only_if_it_is_won() {
        assertThat(DisputeFunds.postings(null, WARNING_NEEDS_RESPONSE, false)).as("an inquiry moves nothing").isEmpty();
        assertThat(DisputeFunds.postings(null, NEEDS_RESPONSE, false))
                .containsExactly(PostingEvent.DISPUTE_OPENED, PostingEvent.DISPUTE_FEE);
        assertThat(DisputeFunds.postings(NEEDS_RESPONSE, UNDER_REVIEW, true)).isEmpty();
        assertThat(DisputeFunds.postings(UNDER_REVIEW, WON, true)).containsExactly(PostingEvent.DISPUTE_WON);
        assertThat(DisputeFunds.postings(UNDER_REVIEW, LOST, true)).containsExactly(PostingEvent.DISPUTE_LOST);
        assertThat(DisputeFunds.postings(WARNING_NEEDS_RESPONSE, WON, false)).as("a won inquiry").isEmpty();
        assertThat(DisputeFunds.postings(WARNING_NEEDS_RESPONSE, LOST, false)).as("an inquiry lost outright")
                .containsExactly(PostingEvent.DISPUTE_OPENED, PostingEvent.DISPUTE_FEE, PostingEvent.DISPUTE_LOST);
    }
}
