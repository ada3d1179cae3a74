package dev.payrail.server.payments;

import dev.payrail.core.payments.PaymentState;

import java.time.Instant;
import java.util.Map;

/**
 * A payment as stored: its domain state plus what the API shows and the bookkeeping of provider calls.
 * Changed only by the payment commands and the outcome applier, and saved with a version check.
 */
final class Payment {
    final String id;
    final String merchantId;
    final String captureMethod;
    final String description;
    final String merchantReference;
    final Map<String, String> metadata;
    final Instant created;
    final long version;

    PaymentState state;
    CardSummary card;
    String paymentMethodId;
    String provider;
    String routingRule;
    String providerReference;
    boolean outcomeUnknown;
    String operationInFlight;
    String failureCode;
    String failureMessage;
    String cancellationReason;
    Instant authorizedAt;
    /** automatic (3-D Secure when the issuer demands it) or any (always). */
    String requestThreeDSecure = "automatic";
    /** The merchant's page the customer lands on after authenticating (or paying at a bank), if given. */
    String returnUrl;
    /** Where the provider waits for the customer, while requires_action; since when. */
    String nextActionUrl;
    Instant actionRequiredAt;
    /** The bank a bank-redirect payment is paid from (then it has no card); null for a card payment. */
    String bank;
    /** What the last 3-D Secure authentication established, if there was one. */
    dev.payrail.core.providers.ThreeDSecure threeDSecure;
    /** The customer the payment is of (cus_), if any. */
    String customerId;
    /** on_session or off_session: the payment saves its card to its customer once authorized; null: saves nothing. */
    String setupFutureUsage;
    /** one_off or recurring: the merchant makes the payment without the customer (an MIT); null: the customer is there. */
    String offSession;
    /** The card network's id of the payment's authorization, when the provider told it. */
    String networkTransactionId;
    /** A bank debit's account (the IBAN's country and last four) and the mandate it is made under; null for a card. */
    String debitCountry;
    String debitLast4;
    String mandateId;
    /** What the payer's bank took back after the debit succeeded (a SEPA return: the whole amount), when, and why. */
    long amountReturned;
    Instant returnedAt;
    String returnReason;
    /** The provider's name of the return (Stripe's dispute id), as its settlement report lists it. */
    String returnReference;
    /**
     * Smart retries (a merchant-initiated payment only): a soft decline is tried again on schedule. The schedule's
     * attempts so far (the first included), when its first attempt was declined, when the next is due (null: none
     * waits), and why it ended (null: it has not).
     */
    boolean smartRetries;
    int retryAttempts;
    Instant retryFirstDeclinedAt;
    Instant nextRetryAt;
    String retryStopReason;
    /**
     * Risk (docs/risk.md): what the merchant said of the customer (their IP address and its country, email, billing
     * country; any may be null), the card's fingerprint, and the last evaluation's facts and outcome (null: none yet).
     */
    String customerIp;
    String customerIpCountry;
    String customerEmail;
    String billingCountry;
    String cardFingerprint;
    dev.payrail.core.risk.RiskFacts riskFacts;
    dev.payrail.server.risk.RiskOutcome riskOutcome;
    /** The payment's latest review (rev_), open or closed; null: never held for one. */
    String reviewId;

    /** What may be shown of the card: never the number. */
    record CardSummary(String brand, String last4, int expMonth, int expYear) {
    }

    Payment(String id, String merchantId, String captureMethod, String description, String merchantReference,
            Map<String, String> metadata, Instant created, long version, PaymentState state) {
        this.id = id;
        this.merchantId = merchantId;
        this.captureMethod = captureMethod;
        this.description = description;
        this.merchantReference = merchantReference;
        this.metadata = metadata;
        this.created = created;
        this.version = version;
        this.state = state;
    }

    /** Captured with its authorization: asked so, and not held for a risk review (an analyst's approval captures it). */
    boolean capturesAutomatically() {
        return "automatic".equals(captureMethod) && !heldForReview();
    }

    /** Its last risk evaluation asked for a review: authorized without capture, until an analyst decides. */
    boolean heldForReview() {
        return riskOutcome != null && riskOutcome.review();
    }

    /**
     * An approval of this payment's authorization that does not say whether the provider captured with it (Adyen's
     * AUTHORISATION and /payments/details never do): captured as the payment asked in its request.
     */
    dev.payrail.core.providers.ProviderResult authorizationAsAsked(dev.payrail.core.providers.ProviderResult result) {
        if (result instanceof dev.payrail.core.providers.ProviderResult.Succeeded ok && !ok.captured() && capturesAutomatically()) {
            return new dev.payrail.core.providers.ProviderResult.Succeeded(ok.providerReference(), true, ok.threeDSecure(),
                    ok.networkTransactionId());
        }
        return result;
    }
}
