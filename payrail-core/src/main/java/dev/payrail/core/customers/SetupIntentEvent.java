package dev.payrail.core.customers;

/**
 * What moves a setup intent: the merchant's confirm and cancel, the provider's answers to its verification, and the
 * merchant's risk rules refusing the card before any verification is sent.
 */
public enum SetupIntentEvent {
    CONFIRM, ACTION_REQUIRED, VERIFIED, REFUSED, CANCEL, RISK_BLOCKED
}
