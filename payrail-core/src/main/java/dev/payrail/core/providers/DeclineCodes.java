package dev.payrail.core.providers;

import java.util.Set;

/**
 * Which declines may be worth one more try on another provider. Soft declines are about the issuer or
 * network at that moment; hard declines are about the card, and retrying them elsewhere is card testing.
 */
public final class DeclineCodes {
    private static final Set<String> SOFT = Set.of("issuer_not_available", "issuer_unavailable", "try_again_later",
            "processing_error", "reenter_transaction");
    private static final Set<String> HARD = Set.of("stolen_card", "lost_card", "pickup_card", "incorrect_number",
            "invalid_number", "expired_card", "fraudulent", "blocked_card", "restricted_card");

    private DeclineCodes() {
    }

    /** Soft; {@code do_not_honor} counts as soft only where the rule's owner says so. */
    public static boolean isSoft(String code, boolean doNotHonorIsSoft) {
        if (code == null || HARD.contains(code)) {
            return false;
        }
        return SOFT.contains(code) || (doNotHonorIsSoft && "do_not_honor".equals(code));
    }
}
