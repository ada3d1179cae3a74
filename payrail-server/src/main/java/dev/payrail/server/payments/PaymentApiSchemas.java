package dev.payrail.server.payments;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
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
            @Schema(maxLength = 1000) String description,
            @Schema(maxLength = 255) String merchant_reference,
            @Schema(description = "Up to 50 string values") Map<String, String> metadata) {
    }

    @Schema(name = "ConfirmPayment")
    record ConfirmPayment(@Schema(description = "Needed when the payment was created without a card") String payment_method,
                          @Schema(description = "Raw card (test keys only)") CardInput card) {
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

    @Schema(name = "Payment")
    record PaymentObject(String id, @Schema(example = "payment") String object, boolean livemode, long created,
                         long amount, String currency,
                         @Schema(allowableValues = {"requires_confirmation", "processing", "requires_capture",
                                 "succeeded", "canceled", "failed"}) String status,
                         String capture_method, long amount_capturable, long amount_received, long amount_refunded,
                         long amount_refund_pending, String description, String merchant_reference,
                         Map<String, String> metadata,
                         @Schema(description = "The pm_ token the payment is paid with") String payment_method,
                         Map<String, Object> payment_method_details, String provider,
                         @Schema(description = "The routing rule that chose the provider") String routing_rule,
                         String provider_reference,
                         @Schema(description = "The provider's answer was lost; Payrail is asking the provider") boolean outcome_unknown,
                         String operation_in_progress, String failure_code, String failure_message,
                         String cancellation_reason, Long authorized_at) {
    }

    @Schema(name = "Refund")
    record RefundObject(String id, @Schema(example = "refund") String object, boolean livemode, long created,
                        String payment, long amount, String currency,
                        @Schema(allowableValues = {"pending", "succeeded", "failed"}) String status, String reason,
                        String provider_reference, String failure_reason, boolean outcome_unknown) {
    }

    @Schema(name = "PaymentEvent", description = "One entry of a payment's append-only timeline")
    record EventObject(String id, @Schema(example = "event") String object, boolean livemode, long created, String type,
                       String payment, String from_status, String to_status,
                       @Schema(example = "merchant:mer_...") String actor, Map<String, Object> data) {
    }

    @Schema(name = "PaymentList")
    record PaymentList(@Schema(example = "list") String object, String url, boolean has_more, List<PaymentObject> data) {
    }

    record RefundList(@Schema(example = "list") String object, String url, boolean has_more, List<RefundObject> data) {
    }

    @Schema(name = "PaymentEventList")
    record EventList(@Schema(example = "list") String object, String url, boolean has_more, List<EventObject> data) {
    }

    @Schema(name = "Error")
    record ErrorBody(ErrorObject error) {
    }

    @Schema(name = "ErrorObject")
    record ErrorObject(@Schema(example = "invalid_request_error") String type,
                       @Schema(example = "currency_invalid") String code, String message,
                       @Schema(example = "currency") String param, String request_id, String decline_code,
                       String payment) {
    }
}
