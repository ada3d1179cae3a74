package dev.payrail.server.payments;

import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.core.providers.OperationKind;
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
    private final PaymentRepository payments;
    private final OutcomeApplier outcomes;

    ProviderEventOutcomes(JdbcClient jdbc, PaymentRepository payments, OutcomeApplier outcomes) {
        this.jdbc = jdbc;
        this.payments = payments;
        this.outcomes = outcomes;
    }

    public Applied apply(String paymentId, String provider, OperationKind kind, ProviderResult result) {
        if (paymentId == null || !exists(paymentId)) {
            return Applied.UNKNOWN_PAYMENT;
        }
        Optional<String> open = jdbc.sql("""
                        select id from provider_operations
                        where payment_id = ? and provider = ? and kind = ? and status in ('in_flight', 'unknown')
                        order by created_at limit 1""")
                .params(paymentId, provider, kind.wireName())
                .query(String.class).optional();
        if (open.isPresent()) {
            outcomes.apply(open.get(), result, "provider_webhook:" + provider);
            return Applied.SETTLED;
        }
        PaymentStatus status = payments.get(paymentId).state.status();
        boolean waitsForAuthorization = kind != OperationKind.AUTHORIZE
                && (status == PaymentStatus.PROCESSING || status == PaymentStatus.REQUIRES_CONFIRMATION);
        return waitsForAuthorization ? Applied.TOO_EARLY : Applied.ALREADY_REFLECTED;
    }

    private boolean exists(String paymentId) {
        return jdbc.sql("select exists (select 1 from payments where id = ?)").param(paymentId).query(Boolean.class).single();
    }
}
