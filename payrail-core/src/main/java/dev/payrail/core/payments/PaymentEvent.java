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
    EXPIRE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
