package dev.payrail.server.setupintents;

import dev.payrail.server.PayrailProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/** Ends setup intents whose customer never finished the challenge within the action window (payments' window). */
@Component
public class SetupIntentSweeper {
    private static final int BATCH = 50;

    private final SetupIntentStore store;
    private final SetupIntents intents;
    private final Duration actionWindow;

    SetupIntentSweeper(SetupIntentStore store, SetupIntents intents, PayrailProperties properties) {
        this.store = store;
        this.intents = intents;
        this.actionWindow = properties.payments().actionWindow();
    }

    @Scheduled(fixedDelayString = "${payrail.payments.expiry-sweep-interval}")
    public void sweep() {
        store.abandoned(Instant.now().minus(actionWindow), BATCH).forEach(intents::expire);
    }
}
