package dev.payrail.core.providers;

import dev.payrail.core.cards.CardToken;
import dev.payrail.core.money.Money;

/**
 * A payment service provider, as Payrail needs it. Every call carries {@code operationKey}, which the
 * adapter sends as the provider-side idempotency key: the same key never charges twice, and
 * {@link #lookup} asks what the request with that key did when its answer was lost.
 */
public interface PaymentProvider {

    /** A short stable name stored with each payment ("simulator", later "stripe", "adyen"). */
    String name();

    /** The provider API version this adapter speaks. */
    String apiVersion();

    /**
     * Authorizes the vaulted card {@code card}; the adapter opens it only to build the provider request. With 3-D
     * Secure asked for or demanded, the answer may be {@link ProviderResult.RequiresAction}: the customer is sent to the
     * provider's page and comes back to {@code authentication}'s return URL. {@code credential} says how the card is
     * stored and who starts the payment (the card networks' stored-credential indicators), sent in the provider's own
     * fields; a merchant-initiated one is never answered {@link ProviderResult.RequiresAction} (the customer is absent),
     * but may be declined {@code authentication_required}.
     */
    ProviderResult authorize(String operationKey, String paymentId, Money amount, CardToken card, boolean capture,
                             CustomerAuthentication authentication, StoredCredential credential);

    /** Whether this provider takes bank-redirect payments ({@link #authorizeBankRedirect}); routing skips it otherwise. */
    default boolean takesBankRedirects() {
        return false;
    }

    /**
     * Starts a bank-redirect payment (iDEAL-like: EUR, captured when the bank settles it) at the customer's chosen
     * {@code bank}: the answer is {@link ProviderResult.RequiresAction} (the bank's page), and once the customer approved
     * there, {@link ProviderResult.Pending} until the bank settles, announced by webhook. A provider that does not take
     * them sends nothing.
     */
    default ProviderResult authorizeBankRedirect(String operationKey, String paymentId, Money amount, String bank,
                                                 String returnUrl) {
        return new ProviderResult.NotReceived(name() + " does not take bank-redirect payments");
    }

    /**
     * The customer came back from the page of a {@link ProviderResult.RequiresAction} with {@code returnParameters}
     * (the query of the return URL): what the provider decided. Most providers decide by themselves once the customer
     * answered, so this is a lookup; a provider that wants the return's data (Adyen's {@code /payments/details}) says so.
     */
    default ProviderResult completeAction(String operationKey, String providerReference,
                                          java.util.Map<String, String> returnParameters) {
        return lookup(operationKey, OperationKind.AUTHORIZE, providerReference);
    }

    /** Whether this provider collects bank debits ({@link #debit}); routing skips it otherwise. */
    default boolean takesBankDebits() {
        return false;
    }

    /**
     * Collects {@code amount} from the vaulted bank account {@code account} under {@code mandate} (a SEPA-Direct-Debit
     * like debit): {@link ProviderResult.Pending} while the payer's bank takes days to collect it; the outcome (and a
     * return long after success) arrives by webhook. A provider that does not collect debits sends nothing.
     */
    default ProviderResult debit(String operationKey, String paymentId, Money amount, CardToken account, DebitMandate mandate) {
        return new ProviderResult.NotReceived(name() + " does not collect bank debits");
    }

    /** Whether this provider verifies cards for setup intents ({@link #verify}); routing skips it otherwise. */
    default boolean verifiesCards() {
        return false;
    }

    /**
     * Verifies the vaulted card {@code card} without charging it: a zero-amount authorization in {@code currency}, sent
     * as the first payment of a stored-credential series ({@code credential}). {@link ProviderResult.Succeeded} carries
     * the network transaction id later merchant-initiated payments cite; {@link ProviderResult.RequiresAction} sends the
     * customer to 3-D Secure, whose outcome {@link #completeAction} asks for. {@code setupIntentId} is the provider-side
     * reference. A provider that does not verify cards sends nothing.
     */
    default ProviderResult verify(String operationKey, String setupIntentId, dev.payrail.core.money.CurrencyCode currency,
                                  CardToken card, CustomerAuthentication authentication, StoredCredential credential) {
        return new ProviderResult.NotReceived(name() + " does not verify cards for setup intents");
    }

    /**
     * Asks the card networks' account updater, through this provider, about the stored cards {@code cards}: which were
     * reissued (a new number or a new expiry). The adapter opens each card only to build the inquiry. A provider without
     * an account updater answers nothing.
     */
    default java.util.List<dev.payrail.core.cards.CardUpdate> cardUpdates(java.util.List<CardToken> cards) {
        return java.util.List.of();
    }

    ProviderResult capture(String operationKey, String providerReference, Money amount);

    ProviderResult cancel(String operationKey, String providerReference);

    ProviderResult refund(String operationKey, String providerReference, Money amount);

    /**
     * What the request sent with {@code operationKey} did; {@link ProviderResult.NotReceived} if it never
     * arrived. {@code providerReference} is the payment's reference at the provider, null before authorization.
     */
    ProviderResult lookup(String operationKey, OperationKind kind, String providerReference);

    /**
     * Sends {@code amount} to the merchant's bank account {@code destination} (a token). Succeeded means the
     * provider accepted it (in transit); its reference is then asked about with {@link #payoutProgress}.
     * A provider whose adapter does not send payouts declines, so nothing is sent.
     */
    default ProviderResult payout(String operationKey, Money amount, String destination) {
        return new ProviderResult.Declined("payouts_unsupported", name() + " does not send payouts through Payrail", null);
    }

    /** How a payout the provider accepted is doing. */
    default PayoutProgress payoutProgress(String providerPayoutReference) {
        return PayoutProgress.unknown();
    }
}
