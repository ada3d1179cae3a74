package dev.payrail.server.payments;

import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.OperationStatus;
import dev.payrail.core.providers.ProviderResult;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Applies what a provider's webhook says to the payment it names. A webhook answers the same question as a
 * status lookup, so it settles an open operation of that kind through {@link OutcomeApplier}, exactly as
 * the resolver would; if nothing is open, the payment already reflects it (Payrail's own call answered
 * first) or the event came early and waits.
 */
@Component
public class ProviderEventOutcomes {

    /** What became of one event. */
    public enum Applied {
        /** It settled an open operation. */
        SETTLED,
        /** The payment already reflected it; nothing to do. */
        ALREADY_REFLECTED,
        /** No such payment (yet): park and retry. */
        UNKNOWN_PAYMENT,
        /** It came before what it follows (a capture before the authorization is known): park and retry. */
        TOO_EARLY
    }

    private final JdbcClient jdbc;
    private final PaymentStore payments;
    private final OutcomeApplier outcomes;

    private final ProviderOperationStore operations;

    ProviderEventOutcomes(JdbcClient jdbc, PaymentStore payments, OutcomeApplier outcomes, ProviderOperationStore operations) {
        this.operations = operations;
        this.jdbc = jdbc;
        this.payments = payments;
        this.outcomes = outcomes;
    }

    /**
     * Applies {@code result}. {@code operationId} is Payrail's own operation id when the event carries it
     * (Stripe metadata, Adyen's modification reference): then exactly that operation is settled, which
     * matters when several refunds of one payment are in flight.
     */
    public Applied apply(String operationId, String paymentId, String provider, OperationKind kind, ProviderResult result) {
        if (operationId != null) {
            Optional<OperationStatus> status = operations.status(operationId, provider, kind);
            if (status.isPresent()) {
                if (!status.get().open()) {
                    return Applied.ALREADY_REFLECTED;
                }
                outcomes.apply(operationId, result, "provider_webhook:" + provider);
                return Applied.SETTLED;
            }
        }
        if (paymentId == null || !exists(paymentId)) {
            return Applied.UNKNOWN_PAYMENT;
        }
        // an answer about an attempt the provider names (a first card whose authentication failed, answered late while
        // the customer pays with another) settles that attempt only, never the next one still open
        String reference = dev.payrail.core.payments.OperationAnswer.reference(result);
        if (reference != null && kind == OperationKind.AUTHORIZE) {
            Optional<java.util.Map.Entry<String, OperationStatus>> named = operations.byReference(paymentId, provider, kind, reference);
            if (named.isPresent()) {
                if (!named.get().getValue().open()) {
                    return Applied.ALREADY_REFLECTED;
                }
                outcomes.apply(named.get().getKey(), capturedIfAutomatic(paymentId, kind, result), "provider_webhook:" + provider);
                return Applied.SETTLED;
            }
        }
        Optional<String> open = operations.oldestOpen(paymentId, provider, kind);
        if (open.isPresent()) {
            outcomes.apply(open.get(), capturedIfAutomatic(paymentId, kind, result), "provider_webhook:" + provider);
            return Applied.SETTLED;
        }
        PaymentStatus status = payments.get(paymentId).state.status();
        boolean waitsForAuthorization = kind != OperationKind.AUTHORIZE
                && (status == PaymentStatus.PROCESSING || status == PaymentStatus.REQUIRES_CONFIRMATION);
        return waitsForAuthorization ? Applied.TOO_EARLY : Applied.ALREADY_REFLECTED;
    }

    /**
     * An authorization notification does not say whether the provider captured with it (Adyen's
     * AUTHORISATION never does); the payment's capture method does, as it did in the request.
     */
    private ProviderResult capturedIfAutomatic(String paymentId, OperationKind kind, ProviderResult result) {
        return kind == OperationKind.AUTHORIZE ? payments.get(paymentId).authorizationAsAsked(result) : result;
    }

    private boolean exists(String paymentId) {
        return jdbc.sql("select exists (select 1 from payments where id = ?)").param(paymentId).query(Boolean.class).single();
    }
}
