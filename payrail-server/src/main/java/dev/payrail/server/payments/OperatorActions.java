package dev.payrail.server.payments;

import org.springframework.stereotype.Service;

import java.util.Map;
import java.util.Optional;

/**
 * What an operator may do to a merchant's payment from the console: refund it or cancel it. The same
 * commands as the merchant API (the same transition table, limits, provider calls and events); the actor on
 * the timeline is the operator, and the call is audited like every other.
 */
@Service
public class OperatorActions {
    private final PaymentRepository payments;
    private final RefundCommands refunds;
    private final PaymentCommands commands;

    OperatorActions(PaymentRepository payments, RefundCommands refunds, PaymentCommands commands) {
        this.payments = payments;
        this.refunds = refunds;
        this.commands = commands;
    }

    /** Refunds {@code amount} (all that is left when empty) of payment {@code paymentId}; the refund as JSON. */
    public Map<String, Object> refund(String paymentId, Optional<Long> amount, String reason, String operator) {
        String merchantId = merchantOf(paymentId);
        return PaymentJson.refund(refunds.create(merchantId, paymentId, amount, reason, "operator:" + operator));
    }

    /** Cancels (voids) payment {@code paymentId}; the payment as JSON. */
    public Map<String, Object> cancel(String paymentId, String reason, String operator) {
        return PaymentJson.payment(commands.cancel(merchantOf(paymentId), paymentId, reason, "operator:" + operator));
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
