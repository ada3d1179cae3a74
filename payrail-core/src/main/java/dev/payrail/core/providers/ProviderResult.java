package dev.payrail.core.providers;

/**
 * Every way a provider call can end. Only {@link Succeeded}, {@link Declined} and {@link NotReceived}
 * are facts; {@link OutcomeUnknown} means the money may or may not have moved and must be resolved
 * by {@link PaymentProvider#lookup}, never by sending the request again under a new key.
 */
public sealed interface ProviderResult {

    /** The reason of a {@link NotReceived} for a provider's 429: the client-side rate limiter backs off on it. */
    String RATE_LIMITED = "rate_limited";

    /**
     * The provider did it. {@code captured} tells whether an authorization was captured at once;
     * {@code threeDSecure} what the customer's authentication established, when there was one (else null);
     * {@code networkTransactionId} the card network's id of an approved authorization, when the provider tells it: the
     * id that later merchant-initiated payments cite ({@link StoredCredential}).
     */
    record Succeeded(String providerReference, boolean captured, ThreeDSecure threeDSecure, String networkTransactionId)
            implements ProviderResult {
        public Succeeded(String providerReference, boolean captured) {
            this(providerReference, captured, null, null);
        }

        public Succeeded(String providerReference, boolean captured, ThreeDSecure threeDSecure) {
            this(providerReference, captured, threeDSecure, null);
        }
    }

    /**
     * The provider answered and refused: a card decline, or an operation its records do not allow. {@code code} is
     * Payrail's (the same meaning whichever provider said it; {@link FailureMessages} words it for customers);
     * {@code message} and {@code providerCode} are the provider's own, kept for operators.
     */
    record Declined(String code, String message, String providerReference, String providerCode,
                    ThreeDSecure threeDSecure) implements ProviderResult {
        public Declined(String code, String message, String providerReference, String providerCode) {
            this(code, message, providerReference, providerCode, null);
        }

        /** A refusal whose provider code is Payrail's code itself (the simulator speaks Payrail's codes). */
        public Declined(String code, String message, String providerReference) {
            this(code, message, providerReference, code, null);
        }

        /** The customer was not authenticated (3-D Secure failed or was rejected): another card may still pay. */
        public boolean authenticationFailed() {
            return DeclineCodes.AUTHENTICATION_FAILED.equals(code);
        }

        /**
         * The payment may still be paid by the customer: they failed authentication, or the issuer asks them to
         * authenticate a payment made without them ({@code authentication_required}). The payment then waits for a
         * payment method instead of failing.
         */
        public boolean customerMayRetry() {
            return authenticationFailed() || DeclineCodes.AUTHENTICATION_REQUIRED.equals(code);
        }
    }

    /**
     * The provider waits for the customer before it decides: a 3-D Secure challenge or a bank's page at
     * {@code redirectUrl}. {@code providerReference} names the waiting payment at the provider (a cancel goes to it).
     * Nothing moved yet; the decision arrives later, by the customer's return, a webhook or a lookup.
     */
    record RequiresAction(String providerReference, String redirectUrl) implements ProviderResult {
    }

    /**
     * The provider accepted the payment and decides later, by itself: a bank redirect the customer approved at their
     * bank, which the bank settles minutes later. Nothing is certain yet; the outcome arrives by webhook (or a lookup).
     */
    record Pending(String providerReference) implements ProviderResult {
    }

    /** Timeout, connection lost after sending, or a 5xx: the request may have taken effect. */
    record OutcomeUnknown(String reason) implements ProviderResult {
    }

    /**
     * The provider has no trace of the request: the connection was refused before anything was sent,
     * or a lookup found nothing under its key.
     */
    record NotReceived(String reason) implements ProviderResult {
    }
}
