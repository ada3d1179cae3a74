package dev.payrail.core.providers;

import java.util.Map;

/**
 * One message per Payrail failure code, the same whichever provider answered, and safe to show the customer:
 * it never says more than the customer may know (a lost or stolen card reads as a plain decline, as card networks
 * ask). The provider's own code and words are kept beside it ({@link ProviderResult.Declined#providerCode()}) for
 * operators, never shown in its place.
 */
public final class FailureMessages {
    private static final String DECLINED = "The card was declined.";

    private static final Map<String, String> MESSAGES = Map.ofEntries(
            Map.entry("do_not_honor", DECLINED),
            Map.entry("generic_decline", DECLINED),
            Map.entry("card_declined", DECLINED),
            Map.entry("refused", DECLINED),
            Map.entry("lost_card", DECLINED),
            Map.entry("stolen_card", DECLINED),
            Map.entry("pickup_card", DECLINED),
            Map.entry("fraudulent", DECLINED),
            Map.entry("blocked_card", DECLINED),
            Map.entry("restricted_card", DECLINED),
            Map.entry("insufficient_funds", "The card has insufficient funds."),
            Map.entry("expired_card", "The card has expired."),
            Map.entry("incorrect_cvc", "The card's security code is incorrect."),
            Map.entry("invalid_number", "The card number is incorrect."),
            Map.entry("incorrect_number", "The card number is incorrect."),
            Map.entry("card_velocity_exceeded", "The card has been used too often; try again later."),
            Map.entry("issuer_not_available", "The card's bank could not be reached; try again."),
            Map.entry("issuer_unavailable", "The card's bank could not be reached; try again."),
            Map.entry("reenter_transaction", "The payment could not be processed; try again."),
            Map.entry("withdrawal_count_limit_exceeded", "The card's limit of payments has been reached; try again later."),
            Map.entry("try_again_later", "The card's bank could not be reached; try again."),
            Map.entry("processing_error", "An error occurred while processing the card; try again."),
            Map.entry("currency_not_supported", "The card does not support this currency."),
            Map.entry("authentication_required", "The card's bank asks the customer to authenticate."),
            Map.entry("authentication_failed", "The card's bank could not verify it was you; nothing was charged. Try again or use another card."),
            Map.entry("bank_declined", "Your bank declined the payment; nothing was charged. Try again or pay another way."),
            Map.entry("card_data_unreadable", "The stored card could not be read; ask for the card again."),
            Map.entry("provider_unavailable", "The payment could not be processed; nothing was charged. Try again later."),
            Map.entry("invalid_state", "The provider's records do not allow this operation on the payment now."),
            Map.entry("amount_too_large", "The amount is more than the provider allows for this payment."),
            Map.entry("amount_invalid", "The provider refused the amount."),
            Map.entry("payouts_unsupported", "This provider does not send payouts."),
            Map.entry("invalid_account", "The destination bank account is invalid."),
            Map.entry("account_closed", "The bank account is closed."),
            Map.entry("debit_not_authorized", "The account holder's bank refused the debit: no mandate it knows of."),
            Map.entry("provider_refused", "The provider refused the request."));

    private FailureMessages() {
    }

    /** The message for a Payrail code; a code without one of its own reads as a refusal of the request. */
    public static String of(String code) {
        return MESSAGES.getOrDefault(code, "The provider refused the request.");
    }

    /** Whether the code has a message of its own: adapters map what providers say onto these codes. */
    public static boolean known(String code) {
        return MESSAGES.containsKey(code);
    }
}
