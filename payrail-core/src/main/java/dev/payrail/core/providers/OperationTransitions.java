package dev.payrail.core.providers;

import dev.payrail.core.state.TransitionTable;

import java.util.List;
import java.util.Optional;

import static dev.payrail.core.providers.OperationOutcome.APPROVED;
import static dev.payrail.core.providers.OperationOutcome.CUSTOMER_ACTION;
import static dev.payrail.core.providers.OperationOutcome.DECLINED;
import static dev.payrail.core.providers.OperationOutcome.NOT_RECEIVED;
import static dev.payrail.core.providers.OperationOutcome.NO_ANSWER;
import static dev.payrail.core.providers.OperationOutcome.PROVIDER_PENDING;
import static dev.payrail.core.providers.OperationStatus.FAILED;
import static dev.payrail.core.providers.OperationStatus.IN_FLIGHT;
import static dev.payrail.core.providers.OperationStatus.PENDING;
import static dev.payrail.core.providers.OperationStatus.REQUIRES_ACTION;
import static dev.payrail.core.providers.OperationStatus.SUCCEEDED;
import static dev.payrail.core.providers.OperationStatus.UNKNOWN;

/**
 * The one table of a provider operation's lifecycle. A closed operation (succeeded, failed) has no row:
 * nothing moves it again. "No answer" on an operation already unknown keeps it unknown (the resolver asks
 * again later); it never turns into a failure, because only the provider can say nothing moved.
 */
public final class OperationTransitions {

    private static final TransitionTable<OperationStatus, OperationOutcome> TABLE = TransitionTable.of(
            OperationStatus.class, OperationOutcome.class, List.of(
                    new TransitionTable.Row<>(IN_FLIGHT, APPROVED, SUCCEEDED),
                    new TransitionTable.Row<>(IN_FLIGHT, DECLINED, FAILED),
                    new TransitionTable.Row<>(IN_FLIGHT, NOT_RECEIVED, FAILED),
                    new TransitionTable.Row<>(IN_FLIGHT, NO_ANSWER, UNKNOWN),
                    new TransitionTable.Row<>(IN_FLIGHT, CUSTOMER_ACTION, REQUIRES_ACTION),
                    new TransitionTable.Row<>(UNKNOWN, APPROVED, SUCCEEDED),
                    new TransitionTable.Row<>(UNKNOWN, DECLINED, FAILED),
                    new TransitionTable.Row<>(UNKNOWN, NOT_RECEIVED, FAILED),
                    new TransitionTable.Row<>(UNKNOWN, NO_ANSWER, UNKNOWN),
                    new TransitionTable.Row<>(UNKNOWN, CUSTOMER_ACTION, REQUIRES_ACTION),
                    new TransitionTable.Row<>(REQUIRES_ACTION, APPROVED, SUCCEEDED),
                    new TransitionTable.Row<>(REQUIRES_ACTION, DECLINED, FAILED),
                    new TransitionTable.Row<>(REQUIRES_ACTION, NO_ANSWER, UNKNOWN),
                    new TransitionTable.Row<>(REQUIRES_ACTION, PROVIDER_PENDING, PENDING),
                    new TransitionTable.Row<>(IN_FLIGHT, PROVIDER_PENDING, PENDING),
                    new TransitionTable.Row<>(UNKNOWN, PROVIDER_PENDING, PENDING),
                    // only the provider's decision moves a pending operation: a lost lookup or a repeated "still
                    // pending" changes nothing, and the resolver asks again later
                    new TransitionTable.Row<>(PENDING, APPROVED, SUCCEEDED),
                    new TransitionTable.Row<>(PENDING, DECLINED, FAILED)));

    private OperationTransitions() {
    }

    public static List<TransitionTable.Row<OperationStatus, OperationOutcome>> all() {
        return TABLE.rows();
    }

    /** The status after {@code outcome}, or empty when the table has no such move (a closed operation). */
    public static Optional<OperationStatus> next(OperationStatus from, OperationOutcome outcome) {
        return TABLE.next(from, outcome);
    }

    /** The status after the provider's {@code result}. */
    public static Optional<OperationStatus> next(OperationStatus from, ProviderResult result) {
        return next(from, OperationOutcome.of(result));
    }
}
