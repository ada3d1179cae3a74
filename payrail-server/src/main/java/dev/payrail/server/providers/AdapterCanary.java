package dev.payrail.server.providers;

import dev.payrail.core.cards.CardToken;
import dev.payrail.core.cards.CardUpdate;
import dev.payrail.core.money.CurrencyCode;
import dev.payrail.core.money.Money;
import dev.payrail.core.providers.CustomerAuthentication;
import dev.payrail.core.providers.DebitMandate;
import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.PaymentProvider;
import dev.payrail.core.providers.PayoutProgress;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.core.providers.StoredCredential;
import dev.payrail.server.flags.FeatureFlags;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One provider spoken by several versions of its adapter at once, the share of each set by a flag (docs/flags.md): a
 * new version is canaried on a percentage of the provider's operations, then rolled out or back without a deploy. The
 * flag splits by provider operation, so an operation and every lookup of its outcome go through the same version (a
 * lost answer is asked about in the shape it was sent). Calls without an operation (payout progress, the account
 * updater) use the flag's default. Each call is counted by version and outcome, to compare the canary with the rest.
 */
final class AdapterCanary implements PaymentProvider {
    private final String name;
    private final String flag;
    private final Map<String, PaymentProvider> versions;
    private final FeatureFlags flags;
    private final MeterRegistry meters;

    /** {@code versions}: the flag's variants, each the adapter version it names. */
    AdapterCanary(String name, String flag, Map<String, PaymentProvider> versions, FeatureFlags flags, MeterRegistry meters) {
        this.name = name;
        this.flag = flag;
        this.versions = Map.copyOf(versions);
        this.flags = flags;
        this.meters = meters;
    }

    @Override
    public String name() {
        return name;
    }

    /** The version the flag serves by default now; the canary's share is on the flag. */
    @Override
    public String apiVersion() {
        return adapterFor(null).apiVersion();
    }

    private PaymentProvider adapterFor(String operationKey) {
        String variant = flags.variant(flag, null, operationKey);
        PaymentProvider adapter = versions.get(variant);
        if (adapter == null) {
            throw new IllegalStateException("the flag " + flag + " names " + variant + ", which no adapter version speaks");
        }
        return adapter;
    }

    private ProviderResult counted(String operation, String operationKey, java.util.function.Function<PaymentProvider, ProviderResult> call) {
        PaymentProvider adapter = adapterFor(operationKey);
        ProviderResult result = call.apply(adapter);
        meters.counter("payrail.provider.adapter.calls", "provider", name, "api_version", adapter.apiVersion(),
                "operation", operation, "outcome", result.getClass().getSimpleName().toLowerCase(Locale.ROOT)).increment();
        return result;
    }

    @Override
    public ProviderResult authorize(String operationKey, String paymentId, Money amount, CardToken card, boolean capture,
                                    CustomerAuthentication authentication, StoredCredential credential) {
        return counted("authorize", operationKey, a -> a.authorize(operationKey, paymentId, amount, card, capture, authentication, credential));
    }

    @Override
    public boolean takesBankRedirects() {
        return every(PaymentProvider::takesBankRedirects);
    }

    @Override
    public ProviderResult authorizeBankRedirect(String operationKey, String paymentId, Money amount, String bank, String returnUrl) {
        return counted("authorize_bank_redirect", operationKey, a -> a.authorizeBankRedirect(operationKey, paymentId, amount, bank, returnUrl));
    }

    @Override
    public ProviderResult completeAction(String operationKey, String providerReference, Map<String, String> returnParameters) {
        return counted("complete_action", operationKey, a -> a.completeAction(operationKey, providerReference, returnParameters));
    }

    @Override
    public boolean takesBankDebits() {
        return every(PaymentProvider::takesBankDebits);
    }

    @Override
    public ProviderResult debit(String operationKey, String paymentId, Money amount, CardToken account, DebitMandate mandate) {
        return counted("debit", operationKey, a -> a.debit(operationKey, paymentId, amount, account, mandate));
    }

    @Override
    public boolean verifiesCards() {
        return every(PaymentProvider::verifiesCards);
    }

    @Override
    public ProviderResult verify(String operationKey, String setupIntentId, CurrencyCode currency, CardToken card,
                                 CustomerAuthentication authentication, StoredCredential credential) {
        return counted("verify", operationKey, a -> a.verify(operationKey, setupIntentId, currency, card, authentication, credential));
    }

    @Override
    public List<CardUpdate> cardUpdates(List<CardToken> cards) {
        return adapterFor(null).cardUpdates(cards);
    }

    @Override
    public ProviderResult capture(String operationKey, String providerReference, Money amount) {
        return counted("capture", operationKey, a -> a.capture(operationKey, providerReference, amount));
    }

    @Override
    public ProviderResult cancel(String operationKey, String providerReference) {
        return counted("cancel", operationKey, a -> a.cancel(operationKey, providerReference));
    }

    @Override
    public ProviderResult refund(String operationKey, String providerReference, Money amount) {
        return counted("refund", operationKey, a -> a.refund(operationKey, providerReference, amount));
    }

    @Override
    public ProviderResult lookup(String operationKey, OperationKind kind, String providerReference) {
        return counted("lookup", operationKey, a -> a.lookup(operationKey, kind, providerReference));
    }

    @Override
    public ProviderResult payout(String operationKey, Money amount, String destination) {
        return counted("payout", operationKey, a -> a.payout(operationKey, amount, destination));
    }

    @Override
    public PayoutProgress payoutProgress(String providerPayoutReference) {
        return adapterFor(null).payoutProgress(providerPayoutReference);
    }

    /** What routing may send here: only what every version takes (a share of operations may go to any of them). */
    private boolean every(java.util.function.Predicate<PaymentProvider> takes) {
        return versions.values().stream().allMatch(takes);
    }
}
