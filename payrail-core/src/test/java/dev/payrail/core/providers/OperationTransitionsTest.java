package dev.payrail.core.providers;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OperationTransitionsTest {

    @Test
    void a_closed_operation_has_no_move_at_all() {
        for (OperationStatus closed : List.of(OperationStatus.SUCCEEDED, OperationStatus.FAILED)) {
            for (OperationOutcome outcome : OperationOutcome.values()) {
                assertThat(OperationTransitions.next(closed, outcome)).as(closed + " + " + outcome).isEmpty();
            }
        }
    }

    @Test
    void no_answer_never_closes_an_operation_and_not_received_closes_it_as_failed() {
        for (OperationStatus open : List.of(OperationStatus.IN_FLIGHT, OperationStatus.UNKNOWN, OperationStatus.REQUIRES_ACTION)) {
            assertThat(OperationTransitions.next(open, OperationOutcome.NO_ANSWER)).contains(OperationStatus.UNKNOWN);
        }
        assertThat(OperationTransitions.next(OperationStatus.IN_FLIGHT, OperationOutcome.NOT_RECEIVED)).contains(OperationStatus.FAILED);
        // a payment the bank is settling is not in doubt: a lost lookup leaves it pending, asked about again later
        assertThat(OperationTransitions.next(OperationStatus.PENDING, OperationOutcome.NO_ANSWER)).isEmpty();
        assertThat(OperationTransitions.next(OperationStatus.PENDING, OperationOutcome.NOT_RECEIVED)).isEmpty();
        assertThat(OperationTransitions.next(OperationStatus.PENDING, OperationOutcome.APPROVED)).contains(OperationStatus.SUCCEEDED);
        assertThat(OperationTransitions.next(OperationStatus.UNKNOWN, new ProviderResult.Succeeded("ref", true)))
                .contains(OperationStatus.SUCCEEDED);
    }

    @Test
    void wire_names_round_trip_and_open_statuses_are_exactly_those_with_moves() {
        for (OperationStatus status : OperationStatus.values()) {
            assertThat(OperationStatus.fromWireName(status.wireName())).contains(status);
            boolean anyMove = OperationTransitions.all().stream().anyMatch(row -> row.from() == status);
            assertThat(status.open()).as(status.wireName()).isEqualTo(anyMove);
        }
        assertThat(OperationStatus.fromWireName("settled")).isEmpty();
    }

    @Provide
    Arbitrary<List<OperationOutcome>> answers() {
        return Arbitraries.of(OperationOutcome.class).list().ofMaxSize(20);
    }

    /** Any sequence of answers: once closed, an operation stays as it closed; it closes at most once. */
    @Property(tries = 1000)
    void an_operation_closes_once_and_stays_closed(@ForAll("answers") List<OperationOutcome> answers) {
        OperationStatus status = OperationStatus.IN_FLIGHT;
        OperationStatus closedAs = null;
        for (OperationOutcome answer : answers) {
            Optional<OperationStatus> next = OperationTransitions.next(status, answer);
            if (!status.open()) {
                assertThat(next).isEmpty();
                continue;
            }
            if (next.isPresent()) {
                status = next.get();
            }
            if (!status.open()) {
                assertThat(closedAs).isNull();
                closedAs = status;
            }
        }
        if (closedAs != null) {
            assertThat(status).isEqualTo(closedAs);
        }
    }
}
