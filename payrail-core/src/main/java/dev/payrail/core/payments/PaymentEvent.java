package dev.payrail.core.payments;

import java.util.Locale;

/** What can happen to a payment: a merchant command, a provider answer or a background job. */
public enum PaymentEvent {
    /** The merchant confirms; the authorization is about to be sent. */
    CONFIRM,
    /** The provider approved the authorization and holds the funds (manual capture). */
    AUTHORIZATION_APPROVED,
    /** The provider approved and captured in one step (automatic capture). */
    AUTHORIZATION_CAPTURED,
    /** The provider declined, or never received the authorization. */
    AUTHORIZATION_FAILED,
    /** The provider captured all or part of the authorized amount; the rest is released. */
    CAPTURE,
    /** The merchant canceled: before confirmation, or by voiding an uncaptured authorization. */
    CANCEL,
    /** The capture window passed and the sweeper voided the authorization. */
    EXPIRE,
    /** The provider asks for the customer (3-D Secure, a bank redirect) before it decides. */
    ACTION_REQUIRED,
    /** The customer did what was asked; the provider has not decided yet (its answer follows, often by webhook). */
    AUTHENTICATED,
    /** The customer could not be authenticated (challenge failed, issuer rejected): nothing was charged. */
    AUTHENTICATION_FAILED,
    /** The customer never finished: the sweeper canceled the payment after the action window. */
    ACTION_EXPIRED,
    /**
     * A merchant-initiated payment with smart retries was soft-declined and will be tried again on its schedule
     * ({@code SmartRetries}): nothing was charged; the retry confirms it again with the same card.
     */
    RETRY_SCHEDULED,
    /**
     * The merchant's risk rules (or lists) refused the confirm before any provider was called: nothing was sent and
     * nothing charged; the payment fails with {@code failure_code} {@code blocked}.
     */
    RISK_BLOCKED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
