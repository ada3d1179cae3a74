package dev.payrail.core.customers;

import dev.payrail.core.providers.ProviderResult;
import dev.payrail.core.state.TransitionTable;

import java.util.List;
import java.util.Optional;

import static dev.payrail.core.customers.SetupIntentEvent.ACTION_REQUIRED;
import static dev.payrail.core.customers.SetupIntentEvent.CANCEL;
import static dev.payrail.core.customers.SetupIntentEvent.CONFIRM;
import static dev.payrail.core.customers.SetupIntentEvent.REFUSED;
import static dev.payrail.core.customers.SetupIntentEvent.RISK_BLOCKED;
import static dev.payrail.core.customers.SetupIntentEvent.VERIFIED;
import static dev.payrail.core.customers.SetupIntentStatus.CANCELED;
import static dev.payrail.core.customers.SetupIntentStatus.PROCESSING;
import static dev.payrail.core.customers.SetupIntentStatus.REQUIRES_ACTION;
import static dev.payrail.core.customers.SetupIntentStatus.REQUIRES_CONFIRMATION;
import static dev.payrail.core.customers.SetupIntentStatus.REQUIRES_PAYMENT_METHOD;
import static dev.payrail.core.customers.SetupIntentStatus.SUCCEEDED;

/**
 * The one table of setup intent transitions, and what a provider's answer to the card's verification (a zero-amount
 * authorization) does to one: approved saves the card, a challenge waits for the customer, a refusal waits for
 * another card. A verification moves no money, so an answer that was lost is a refusal the customer may retry, never a
 * charge to resolve.
 */
public final class SetupIntentTransitions {

    private static final TransitionTable<SetupIntentStatus, SetupIntentEvent> TABLE = TransitionTable.of(
            SetupIntentStatus.class, SetupIntentEvent.class, List.of(
                    new TransitionTable.Row<>(REQUIRES_PAYMENT_METHOD, CONFIRM, PROCESSING),
                    new TransitionTable.Row<>(REQUIRES_CONFIRMATION, CONFIRM, PROCESSING),
                    // refused by the risk rules as it was confirmed: nothing sent, another card may be tried
                    new TransitionTable.Row<>(REQUIRES_PAYMENT_METHOD, RISK_BLOCKED, REQUIRES_PAYMENT_METHOD),
                    new TransitionTable.Row<>(REQUIRES_CONFIRMATION, RISK_BLOCKED, REQUIRES_PAYMENT_METHOD),
                    new TransitionTable.Row<>(PROCESSING, ACTION_REQUIRED, REQUIRES_ACTION),
                    new TransitionTable.Row<>(PROCESSING, VERIFIED, SUCCEEDED),
                    new TransitionTable.Row<>(PROCESSING, REFUSED, REQUIRES_PAYMENT_METHOD),
                    new TransitionTable.Row<>(REQUIRES_ACTION, VERIFIED, SUCCEEDED),
                    new TransitionTable.Row<>(REQUIRES_ACTION, REFUSED, REQUIRES_PAYMENT_METHOD),
                    new TransitionTable.Row<>(REQUIRES_PAYMENT_METHOD, CANCEL, CANCELED),
                    new TransitionTable.Row<>(REQUIRES_CONFIRMATION, CANCEL, CANCELED),
                    new TransitionTable.Row<>(REQUIRES_ACTION, CANCEL, CANCELED)));

    private SetupIntentTransitions() {
    }

    public static List<TransitionTable.Row<SetupIntentStatus, SetupIntentEvent>> all() {
        return TABLE.rows();
    }

    /** The status after {@code event}, or empty when the table has no such move. */
    public static Optional<SetupIntentStatus> next(SetupIntentStatus from, SetupIntentEvent event) {
        return TABLE.next(from, event);
    }

    /** What the verification's answer does: the event, and the failure code of a refusal (null otherwise). */
    public record Verification(SetupIntentEvent event, String failureCode) {
    }

    /**
     * The event {@code result} makes of a verification: approved, waiting for the customer, or refused (a decline, a
     * provider that never got it, or an answer lost on the way: nothing moved, and the customer may try again).
     */
    public static Verification verification(ProviderResult result) {
        if (result instanceof ProviderResult.Succeeded) {
            return new Verification(VERIFIED, null);
        }
        if (result instanceof ProviderResult.RequiresAction) {
            return new Verification(ACTION_REQUIRED, null);
        }
        if (result instanceof ProviderResult.Declined declined) {
            return new Verification(REFUSED, declined.code());
        }
        // not sent, an answer lost, or a provider deciding later: a verification moves no money, ask for the card again
        return new Verification(REFUSED, "provider_unavailable");
    }
}
