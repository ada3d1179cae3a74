package dev.payrail.core.payments;

/** An amount breaks a rule of the payment: capture above authorized, refund above captured. */
public final class AmountRuleException extends PaymentRuleException {
    private final String param;

    public AmountRuleException(String code, String param, String message) {
        super(code, message);
        this.param = param;
    }

    public String param() {
        return param;
    }
}
