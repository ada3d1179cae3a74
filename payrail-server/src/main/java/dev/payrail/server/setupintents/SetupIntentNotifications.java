package dev.payrail.server.setupintents;

import dev.payrail.core.customers.SetupIntentStatus;
import dev.payrail.core.providers.ProviderResult;
import org.springframework.stereotype.Component;

/**
 * A provider's webhook about a setup intent's verification (Adyen's AUTHORISATION after a challenge names the
 * {@code seti_} as its reference): applied as the customer's return would be; whichever comes first settles it, the
 * other changes nothing.
 */
@Component
public class SetupIntentNotifications {
    private final SetupIntentStore store;
    private final SetupIntents intents;

    SetupIntentNotifications(SetupIntentStore store, SetupIntents intents) {
        this.store = store;
        this.intents = intents;
    }

    /** Whether {@code reference} names a setup intent rather than a payment. */
    public static boolean isSetupIntent(String reference) {
        return reference != null && reference.startsWith("seti_");
    }

    /** Applies {@code result} from {@code provider} to the setup intent; false when it changed nothing. */
    public boolean apply(String setupIntentId, String provider, ProviderResult result) {
        return store.findAny(setupIntentId)
                .filter(intent -> provider.equals(intent.provider))
                .filter(intent -> intent.status == SetupIntentStatus.REQUIRES_ACTION || intent.status == SetupIntentStatus.PROCESSING)
                .map(intent -> intents.notified(intent, result))
                .orElse(false);
    }
}
