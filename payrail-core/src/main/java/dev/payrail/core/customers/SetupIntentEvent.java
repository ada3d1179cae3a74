package dev.payrail.core.customers;

/** What moves a setup intent: the merchant's confirm and cancel, and the provider's answers to its verification. */
public enum SetupIntentEvent {
    CONFIRM, ACTION_REQUIRED, VERIFIED, REFUSED, CANCEL
}
