package dev.payrail.server.payments;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

/**
 * Shapes of the payments API for the OpenAPI document. Requests are parsed strictly by
 * {@link dev.payrail.server.api.JsonParams}; these records only describe them.
 */
final class PaymentApiSchemas {
    private PaymentApiSchemas() {
    }

    @Schema(name = "CardInput", description = "A simulator test card (test mode only; the card vault replaces this).")
    record CardInput(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "4242424242424242") String number,
                     @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1", maximum = "12") int exp_month,
                     @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2034") int exp_year,
                     @Schema(description = "Used for this authorization only, never stored", example = "123") String cvc) {
    }

    @Schema(name = "CreatePayment")
    record CreatePayment(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Minor units (cents, yen, fils)", example = "2000") long amount,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "ISO 4217 code", example = "usd") String currency,
            @Schema(allowableValues = {"automatic", "manual"}, defaultValue = "automatic") String capture_method,
            @Schema(description = "Authorize at once", defaultValue = "false") boolean confirm,
            @Schema(description = "A pm_ token from /v1/payment_methods", example = "pm_...") String payment_method,
            @Schema(description = "Raw card: a simulator convenience for test keys only (PAYRAIL_RAW_CARD_NUMBERS); "
                    + "it is tokenized into the vault") CardInput card,
            BankRedirectInput bank_redirect,
            @Schema(maxLength = 1000) String description,
            @Schema(maxLength = 255) String merchant_reference,
            @Schema(description = "Up to 50 string values") Map<String, String> metadata,
            PaymentMethodOptions payment_method_options,
            @Schema(description = "Where the customer lands after a 3-D Secure challenge or a bank's page (absolute http(s) URL)",
                    maxLength = 2048, example = "https://shop.example/orders/42/done") String return_url,
            @Schema(description = "A merchant-initiated payment (off_session) tried again after a soft decline, on the smart "
                    + "retry schedule (docs/routing.md)", defaultValue = "false") Boolean smart_retries,
            CustomerDetails customer_details) {
    }

    @Schema(name = "CustomerDetails", description = "What the merchant knows of the customer at this payment, for the risk "
            + "rules (docs/risk.md); each part absent keeps what the payment has")
    record CustomerDetails(@Schema(description = "The customer's IP address (IPv4 or IPv6 literal)", example = "203.0.113.7",
                                   maxLength = 45) String ip_address,
                           @Schema(description = "The country of that address, as the merchant's edge knows it (ISO 3166 "
                                   + "alpha-2)", example = "DE", maxLength = 2) String ip_country,
                           @Schema(maxLength = 320, example = "jenny@example.com") String email,
                           @Schema(description = "The billing address's country (ISO 3166 alpha-2)", example = "DE",
                                   maxLength = 2) String billing_country) {
    }

    @Schema(name = "BankRedirectInput", description = "Pay from the customer's bank (iDEAL-like): euros and automatic "
            + "capture only; the customer approves at next_action.redirect_to_url and the payment is processing until the bank "
            + "settles it")
    record BankRedirectInput(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "ing") String bank) {
    }

    @Schema(name = "PaymentMethodOptions")
    record PaymentMethodOptions(CardOptions card) {
    }

    @Schema(name = "CardOptions")
    record CardOptions(@Schema(allowableValues = {"automatic", "any"}, defaultValue = "automatic",
            description = "automatic: 3-D Secure when the card's bank demands it; any: always") String request_three_d_secure) {
    }

    @Schema(name = "ConfirmPayment")
    record ConfirmPayment(@Schema(description = "Needed when the payment was created without a card, or to pay with another "
                                  + "card after a failed authentication") String payment_method,
                          @Schema(description = "Raw card (test keys only)") CardInput card,
                          BankRedirectInput bank_redirect,
                          PaymentMethodOptions payment_method_options,
                          @Schema(maxLength = 2048) String return_url,
                          CustomerDetails customer_details) {
    }

    @Schema(name = "UpdatePayment", description = "null clears a field; a metadata key given \"\" is removed, metadata null empties it")
    record UpdatePayment(String description, String merchant_reference, Map<String, String> metadata) {
    }

    @Schema(name = "CapturePayment")
    record CapturePayment(@Schema(description = "Defaults to the full amount; the rest is released") Long amount_to_capture) {
    }

    @Schema(name = "CancelPayment")
    record CancelPayment(@Schema(allowableValues = {"duplicate", "fraudulent", "requested_by_customer", "abandoned"})
                         String cancellation_reason) {
    }

    @Schema(name = "CreateRefund")
    record CreateRefund(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "pay_...") String payment,
                        @Schema(description = "Defaults to what is left to refund") Long amount,
                        @Schema(allowableValues = {"duplicate", "fraudulent", "requested_by_customer"}) String reason) {
    }
}
