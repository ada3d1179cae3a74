package dev.payrail.server.setupintents;

import dev.payrail.core.customers.SetupIntentStatus;
import dev.payrail.server.api.ReturnUrls;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * Where the customer's browser comes back from a setup intent's 3-D Secure challenge: Payrail asks the provider what it
 * decided (the return itself proves nothing), applies it, and sends the customer on to the merchant's return_url with
 * {@code setup_intent} and {@code redirect_status}. Returning twice changes nothing.
 */
@RestController
class SetupIntentReturnController {
    private final SetupIntents intents;

    SetupIntentReturnController(SetupIntents intents) {
        this.intents = intents;
    }

    @GetMapping(SetupIntents.RETURN_PATH + "{id}")
    ResponseEntity<byte[]> returned(@PathVariable String id, @RequestParam Map<String, String> query) {
        SetupIntent intent = intents.customerReturned(id, query);
        String status = switch (intent.status) {
            case SUCCEEDED -> "succeeded";
            case REQUIRES_ACTION -> "requires_action";
            case PROCESSING -> "processing";
            default -> "failed";
        };
        String words = intent.status == SetupIntentStatus.SUCCEEDED ? "Your card was saved."
                : intent.failureMessage != null ? intent.failureMessage : "Your card was not saved; nothing was charged.";
        return ReturnUrls.sendOn(intent.returnUrl, "setup_intent", intent.id, status, "Card", words);
    }
}
