package dev.payrail.server.payments;

import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.server.api.ReturnUrls;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
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
        if (payment.returnUrl != null) {
            String next = ReturnUrls.with(ReturnUrls.with(payment.returnUrl, "payment", payment.id), "redirect_status", status);
            return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.LOCATION, next)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        String words = switch (status) {
            case "succeeded" -> "Your payment was successful.";
            case "processing" -> "Your payment is being processed; the merchant will confirm it.";
            case "requires_action" -> "Your bank is still waiting for you to confirm the payment.";
            default -> payment.failureMessage != null ? payment.failureMessage : "Your payment did not go through; nothing was charged.";
        };
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Payment</title></head><body>"
                + "<main><h1 id=\"outcome\" data-status=\"" + status + "\">" + words + "</h1>"
                + "<p>You may close this window.</p></main></body></html>";
        return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(html.getBytes(StandardCharsets.UTF_8));
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
