package dev.payrail.server.payments;

import dev.payrail.server.commands.Answer;
import dev.payrail.server.commands.CommandOrigin;
import org.springframework.stereotype.Service;

import java.util.Map;
import java.util.Optional;

/**
 * What an operator may do to a merchant's payment from the console: refund it or cancel it. The same
 * commands as the merchant API (the same pipeline, transition table, limits, provider calls and events); the actor
 * on the timeline is the operator ({@code operator:<name>}), and the call is audited like every other.
 */
@Service
public class OperatorActions {
    private final PaymentStore payments;
    private final RefundCommands refunds;
    private final PaymentCommands commands;

    OperatorActions(PaymentStore payments, RefundCommands refunds, PaymentCommands commands) {
        this.payments = payments;
        this.refunds = refunds;
        this.commands = commands;
    }

    /** Refunds {@code amount} (all that is left when empty) of payment {@code paymentId}; the refund as JSON. */
    public Answer refund(CommandOrigin origin, String paymentId, Optional<Long> amount, String reason) {
        return refunds.create(origin, merchantOf(paymentId), paymentId, amount, reason);
    }

    /** Cancels (voids) payment {@code paymentId}; the payment as JSON. */
    public Answer cancel(CommandOrigin origin, String paymentId, String reason) {
        return commands.cancel(origin, merchantOf(paymentId), paymentId, reason);
    }

    /** The payment as the merchant API shows it. */
    public Optional<Map<String, Object>> payment(String paymentId) {
        return payments.findAny(paymentId).map(PaymentJson::payment);
    }

    private String merchantOf(String paymentId) {
        return payments.findAny(paymentId).map(p -> p.merchantId)
                .orElseThrow(() -> dev.payrail.server.api.ApiException.notFound("payment", paymentId));
    }
}
