package dev.payrail.core.providers;

import dev.payrail.core.cards.CardDetails;
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

    ProviderResult authorize(String operationKey, String paymentId, Money amount, CardDetails card, boolean capture);

    ProviderResult capture(String operationKey, String providerReference, Money amount);

    ProviderResult cancel(String operationKey, String providerReference);

    ProviderResult refund(String operationKey, String providerReference, Money amount);

    /**
     * What the request sent with {@code operationKey} did; {@link ProviderResult.NotReceived} if it never
     * arrived. {@code providerReference} is the payment's reference at the provider, null before authorization.
     */
    ProviderResult lookup(String operationKey, OperationKind kind, String providerReference);
}
