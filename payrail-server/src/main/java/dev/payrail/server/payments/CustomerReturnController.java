package dev.payrail.server.payments;

import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.server.api.ReturnUrls;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * Where a customer's browser comes back from a 3-D Secure challenge or a bank's page: {@code GET
 * /payments/return/{id}}. Payrail asks the provider what it decided (the return itself proves nothing, so it needs no
 * key and trusts nothing it carries but what the provider confirms), applies it, and sends the customer on to the
 * merchant's {@code return_url} with {@code payment} and {@code redirect_status} (succeeded, processing, failed,
 * requires_action), as Stripe does. Without a return_url the customer reads the outcome here. Returning twice, or
 * after the provider's webhook settled it, changes nothing.
 */
@RestController
class CustomerReturnController {
    static final String PATH = "/payments/return/";

    private final PaymentCommands commands;

    CustomerReturnController(PaymentCommands commands) {
        this.commands = commands;
    }

    @GetMapping(PATH + "{id}")
    ResponseEntity<byte[]> returned(@PathVariable String id, @RequestParam Map<String, String> query) {
        Payment payment = commands.customerReturned(id, query);
        String status = redirectStatus(payment.state.status());
        String words = switch (status) {
            case "succeeded" -> "Your payment was successful.";
            case "processing" -> "Your payment is being processed; the merchant will confirm it.";
            case "requires_action" -> "Your bank is still waiting for you to confirm the payment.";
            default -> payment.failureMessage != null ? payment.failureMessage : "Your payment did not go through; nothing was charged.";
        };
        return ReturnUrls.sendOn(payment.returnUrl, "payment", payment.id, status, "Payment", words);
    }

    /** What the merchant's page is told: succeeded covers an authorization held for capture. */
    static String redirectStatus(PaymentStatus status) {
        return switch (status) {
            case SUCCEEDED, REQUIRES_CAPTURE -> "succeeded";
            case PROCESSING -> "processing";
            case REQUIRES_ACTION -> "requires_action";
            default -> "failed";
        };
    }
}
