package dev.payrail.core.providers;

import java.util.Set;

/**
 * Which declines may be worth one more try on another provider. Soft declines are about the issuer or
 * network at that moment; hard declines are about the card, and retrying them elsewhere is card testing.
 */
public final class DeclineCodes {
    /** Payrail's code for a customer who could not be authenticated (3-D Secure failed or rejected). */
    public static final String AUTHENTICATION_FAILED = "authentication_failed";
    /**
     * The issuer asks for the customer's authentication of a payment made without them (an off-session payment; the
     * SCA soft decline): the merchant brings the customer back to confirm it on-session.
     */
    public static final String AUTHENTICATION_REQUIRED = "authentication_required";
    /** Payrail's code for a bank-redirect payment the customer's bank refused (or the customer declined there). */
    public static final String BANK_DECLINED = "bank_declined";

    private static final Set<String> SOFT = Set.of("issuer_not_available", "issuer_unavailable", "try_again_later",
            "processing_error", "reenter_transaction");
    private static final Set<String> HARD = Set.of("stolen_card", "lost_card", "pickup_card", "incorrect_number",
            "invalid_number", "expired_card", "fraudulent", "blocked_card", "restricted_card", "invalid_account",
            "card_velocity_exceeded");
    /** Soft, but about the cardholder, not the provider or the issuer's moment: another provider gets the same answer. */
    private static final Set<String> CARDHOLDER = Set.of("insufficient_funds", "withdrawal_count_limit_exceeded");

    /** Codes common enough to count one by one; anything else a provider invents is counted as "other". */
    private static final Set<String> COUNTED = Set.of("do_not_honor", "insufficient_funds", "generic_decline",
            "card_declined", "card_data_unreadable", "currency_not_supported", "card_velocity_exceeded",
            "incorrect_cvc", "authentication_required", "provider_unavailable", AUTHENTICATION_FAILED);

    private DeclineCodes() {
    }

    /** The code as a metric label: known codes as they are, others as "other", so labels stay few. */
    public static String label(String code) {
        if (code == null) {
            return "none";
        }
        return SOFT.contains(code) || HARD.contains(code) || COUNTED.contains(code) ? code : "other";
    }

    /** A hard decline: the card will not be approved, on any provider, however often it is tried. */
    public static boolean isHard(String code) {
        return code != null && HARD.contains(code);
    }

    /**
     * Whether the decline says something about the provider that sent it (counted in its success rate), rather than
     * about the card or its holder (hard declines, missing funds: the same on every provider).
     */
    public static boolean countsAgainstProvider(String code) {
        return code != null && !HARD.contains(code) && !CARDHOLDER.contains(code);
    }

    /** Soft; {@code do_not_honor} counts as soft only where the rule's owner says so. */
    public static boolean isSoft(String code, boolean doNotHonorIsSoft) {
        if (code == null || HARD.contains(code)) {
            return false;
        }
        return SOFT.contains(code) || (doNotHonorIsSoft && "do_not_honor".equals(code));
    }
}
