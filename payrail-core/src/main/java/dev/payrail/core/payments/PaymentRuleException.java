package dev.payrail.core.payments;

/** A domain rule refused an operation; {@link #code()} is the stable error code shown to API callers. */
public class PaymentRuleException extends RuntimeException {
    private final String code;

    public PaymentRuleException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
