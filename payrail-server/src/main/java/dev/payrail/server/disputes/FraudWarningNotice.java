package dev.payrail.server.disputes;

import java.time.Instant;

/**
 * What a provider's early fraud warning says: its own id, the payment (Payrail's id when the provider echoes it, else
 * the provider's payment reference), the issuer's fraud type (Stripe's words: {@code made_with_stolen_card},
 * {@code unauthorized_use_of_card}, ...), whether the provider still calls it actionable, and when it was reported.
 */
public record FraudWarningNotice(String providerWarningId, String paymentId, String providerPaymentReference, String fraudType,
                                 boolean actionable, Instant reportedAt) {
    /** Stripe's fraud types; an Adyen reason outside them is {@code misc}. */
    public static final java.util.Set<String> FRAUD_TYPES = java.util.Set.of("card_never_received",
            "fraudulent_card_application", "made_with_counterfeit_card", "made_with_lost_card", "made_with_stolen_card",
            "misc", "unauthorized_use_of_card");
}
