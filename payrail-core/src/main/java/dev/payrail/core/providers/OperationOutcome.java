package dev.payrail.core.providers;

/**
 * What a provider's answer means for the operation it answers: the events of {@link OperationTransitions}.
 * Each {@link ProviderResult} is exactly one of them, so the transition is keyed by the result itself, as Kill
 * Bill's payment states are keyed by SUCCESS, FAILURE, PENDING and EXCEPTION.
 */
public enum OperationOutcome {
    /** The provider did it. */
    APPROVED,
    /** The provider answered and refused. */
    DECLINED,
    /** The provider has no trace of the request: nothing moved. */
    NOT_RECEIVED,
    /** No answer that says what happened: the money may have moved. */
    NO_ANSWER,
    /** The provider waits for the customer. */
    CUSTOMER_ACTION,
    /** The provider accepted it and decides later by itself (a bank settling a redirect payment). */
    PROVIDER_PENDING;

    public static OperationOutcome of(ProviderResult result) {
        if (result instanceof ProviderResult.Succeeded) {
            return APPROVED;
        }
        if (result instanceof ProviderResult.Declined) {
            return DECLINED;
        }
        if (result instanceof ProviderResult.NotReceived) {
            return NOT_RECEIVED;
        }
        if (result instanceof ProviderResult.OutcomeUnknown) {
            return NO_ANSWER;
        }
        if (result instanceof ProviderResult.RequiresAction) {
            return CUSTOMER_ACTION;
        }
        if (result instanceof ProviderResult.Pending) {
            return PROVIDER_PENDING;
        }
        throw new IllegalArgumentException("not a provider result: " + result);
    }
}
