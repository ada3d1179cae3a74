package dev.payrail.server.providers;

import dev.payrail.core.cards.CardToken;
import dev.payrail.server.ops.TraceHeaders;
import dev.payrail.server.vault.VaultIntegrityException;
import dev.payrail.core.money.Money;
import dev.payrail.core.providers.CustomerAuthentication;
import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.PaymentProvider;
import dev.payrail.core.providers.PayoutProgress;
import dev.payrail.core.providers.ProviderResult;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Guards one provider adapter: a bulkhead (concurrent calls), a client-side rate limiter (the provider's
 * contracted rate; after a 429 no call goes out for {@code backoffAfter429}), and a circuit breaker fed by
 * unknown outcomes and connection failures.
 * A call refused by any guard was never sent, so it is {@link ProviderResult.NotReceived} and may fail over.
 * Every call is counted and timed per provider, operation and outcome.
 */
final class ResilientProvider implements PaymentProvider {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ResilientProvider.class);
    private final PaymentProvider delegate;
    private final CircuitBreaker circuit;
    private final TraceHeaders traces;
    private final Bulkhead bulkhead;
    private final RateLimiter rateLimiter;
    private final MeterRegistry meters;
    private final Duration backoffAfter429;
    private volatile long backingOffUntilNanos = System.nanoTime();

    ResilientProvider(PaymentProvider delegate, CircuitBreaker circuit, Bulkhead bulkhead, RateLimiter rateLimiter,
                      Duration backoffAfter429, MeterRegistry meters, TraceHeaders traces) {
        this.traces = traces;
        this.delegate = delegate;
        this.circuit = circuit;
        this.bulkhead = bulkhead;
        this.rateLimiter = rateLimiter;
        this.backoffAfter429 = backoffAfter429;
        this.meters = meters;
        meters.gauge("payrail.provider.circuit.open", java.util.List.of(io.micrometer.core.instrument.Tag.of("provider", delegate.name())),
                circuit, c -> c.getState() == CircuitBreaker.State.OPEN ? 1 : 0);
    }

    CircuitBreaker.State circuitState() {
        return circuit.getState();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String apiVersion() {
        return delegate.apiVersion();
    }

    @Override
    public ProviderResult authorize(String operationKey, String paymentId, Money amount, CardToken card, boolean capture,
                                    CustomerAuthentication authentication, dev.payrail.core.providers.StoredCredential credential) {
        return guarded(OperationKind.AUTHORIZE, () -> {
            try {
                return delegate.authorize(operationKey, paymentId, amount, card, capture, authentication, credential);
            } catch (VaultIntegrityException e) {
                return unreadable(paymentId, e);
            }
        });
    }

    @Override
    public boolean takesBankRedirects() {
        return delegate.takesBankRedirects();
    }

    @Override
    public ProviderResult authorizeBankRedirect(String operationKey, String paymentId, Money amount, String bank,
                                                String returnUrl) {
        return guarded(OperationKind.AUTHORIZE, () -> delegate.authorizeBankRedirect(operationKey, paymentId, amount, bank,
                returnUrl));
    }

    @Override
    public boolean takesBankDebits() {
        return delegate.takesBankDebits();
    }

    @Override
    public ProviderResult debit(String operationKey, String paymentId, Money amount, CardToken account,
                                dev.payrail.core.providers.DebitMandate mandate) {
        return guarded(OperationKind.AUTHORIZE, () -> {
            try {
                return delegate.debit(operationKey, paymentId, amount, account, mandate);
            } catch (VaultIntegrityException e) {
                return unreadable(paymentId, e);
            }
        });
    }

    @Override
    public boolean verifiesCards() {
        return delegate.verifiesCards();
    }

    @Override
    public ProviderResult verify(String operationKey, String setupIntentId, dev.payrail.core.money.CurrencyCode currency,
                                 CardToken card, CustomerAuthentication authentication,
                                 dev.payrail.core.providers.StoredCredential credential) {
        return guarded(OperationKind.AUTHORIZE, () -> {
            try {
                return delegate.verify(operationKey, setupIntentId, currency, card, authentication, credential);
            } catch (VaultIntegrityException e) {
                return unreadable(setupIntentId, e);
            }
        });
    }

    /** Nothing was sent: the card could not be opened. The attempt fails; another provider is never tried. */
    private static ProviderResult unreadable(String reference, VaultIntegrityException e) {
        log.error("authorization of {} not sent: {}", reference, e.getMessage());
        return new ProviderResult.Declined("card_data_unreadable", "The stored card data could not be read.", null);
    }

    @Override
    public ProviderResult capture(String operationKey, String providerReference, Money amount) {
        return guarded(OperationKind.CAPTURE, () -> delegate.capture(operationKey, providerReference, amount));
    }

    @Override
    public ProviderResult cancel(String operationKey, String providerReference) {
        return guarded(OperationKind.CANCEL, () -> delegate.cancel(operationKey, providerReference));
    }

    @Override
    public ProviderResult refund(String operationKey, String providerReference, Money amount) {
        return guarded(OperationKind.REFUND, () -> delegate.refund(operationKey, providerReference, amount));
    }

    @Override
    public ProviderResult payout(String operationKey, Money amount, String destination) {
        return guarded(OperationKind.PAYOUT, () -> delegate.payout(operationKey, amount, destination));
    }

    /** Like a lookup, it asks what was decided: it bypasses the guards, so a customer's return is never refused here. */
    @Override
    public ProviderResult completeAction(String operationKey, String providerReference, java.util.Map<String, String> returnParameters) {
        return delegate.completeAction(operationKey, providerReference, returnParameters);
    }

    /** An account updater inquiry changes nothing at the provider: like a lookup, it bypasses the guards. */
    @Override
    public java.util.List<dev.payrail.core.cards.CardUpdate> cardUpdates(java.util.List<CardToken> cards) {
        return delegate.cardUpdates(cards);
    }

    /** Like lookups, progress reads bypass the guards: they change nothing at the provider. */
    @Override
    public PayoutProgress payoutProgress(String providerPayoutReference) {
        return delegate.payoutProgress(providerPayoutReference);
    }

    /**
     * Lookups bypass the circuit breaker and the rate limiter, in both directions: a guard's refusal must
     * not read as "the provider has no record" (that would fail a payment that may have been charged), and
     * a provider without a status API must not trip its own circuit by being asked.
     */
    @Override
    public ProviderResult lookup(String operationKey, OperationKind kind, String providerReference) {
        if (!bulkhead.tryAcquirePermission()) {
            return counted("lookup", new ProviderResult.OutcomeUnknown("bulkhead full: lookup deferred"), 0);
        }
        try {
            long start = System.nanoTime();
            ProviderResult result = delegate.lookup(operationKey, kind, providerReference);
            return counted("lookup", result, System.nanoTime() - start);
        } finally {
            bulkhead.onComplete();
        }
    }

    private ProviderResult guarded(OperationKind kind, Supplier<ProviderResult> call) {
        if (!bulkhead.tryAcquirePermission()) {
            return counted(kind, new ProviderResult.NotReceived("bulkhead full: too many calls in flight"), 0);
        }
        try {
            if (System.nanoTime() - backingOffUntilNanos < 0) {
                return counted(kind, new ProviderResult.NotReceived("client-side rate limit: backing off after a 429"), 0);
            }
            if (!rateLimiter.acquirePermission()) {
                return counted(kind, new ProviderResult.NotReceived("client-side rate limit reached"), 0);
            }
            if (!circuit.tryAcquirePermission()) {
                return counted(kind, new ProviderResult.NotReceived("circuit open"), 0);
            }
            long start = System.nanoTime();
            // a span of its own per provider call: its traceparent is what the provider receives
            ProviderResult result = traces.inChildSpan("provider." + delegate.name() + "." + kind.wireName(), call);
            long elapsed = System.nanoTime() - start;
            if (result instanceof ProviderResult.NotReceived notReceived
                    && ProviderResult.RATE_LIMITED.equals(notReceived.reason())) {
                backingOffUntilNanos = System.nanoTime() + backoffAfter429.toNanos();
                rateLimiter.drainPermissions();
                circuit.releasePermission();
            } else if (result instanceof ProviderResult.OutcomeUnknown || result instanceof ProviderResult.NotReceived) {
                circuit.onError(elapsed, TimeUnit.NANOSECONDS, new ProviderFailure(result));
            } else {
                circuit.onSuccess(elapsed, TimeUnit.NANOSECONDS);
            }
            return counted(kind, result, elapsed);
        } finally {
            bulkhead.onComplete();
        }
    }

    private ProviderResult counted(OperationKind kind, ProviderResult result, long elapsedNanos) {
        return counted(kind.wireName(), result, elapsedNanos);
    }

    private ProviderResult counted(String operation, ProviderResult result, long elapsedNanos) {
        String outcome = outcome(result);
        meters.counter("payrail.provider.calls", "provider", delegate.name(), "operation", operation,
                "outcome", outcome).increment();
        if (result instanceof ProviderResult.Declined declined) {
            meters.counter("payrail.provider.declines", "provider", delegate.name(), "code", declined.code()).increment();
        }
        if (elapsedNanos > 0) {
            Timer.builder("payrail.provider.latency").tag("provider", delegate.name()).tag("operation", operation)
                    .publishPercentileHistogram().register(meters).record(elapsedNanos, TimeUnit.NANOSECONDS);
        }
        return result;
    }

    static String outcome(ProviderResult result) {
        return result.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** What the circuit breaker counts as a failure. */
    static final class ProviderFailure extends RuntimeException {
        ProviderFailure(ProviderResult result) {
            super(result.toString(), null, false, false);
        }
    }
}
