package dev.payrail.server.providers;

import dev.payrail.server.PayrailProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once Payrail listens, tells each in-process Adyen and Stripe simulator where to send its notifications (Payrail's
 * own /v1/provider-webhooks/{provider}, signed with the first configured HMAC key or endpoint secret), as one would
 * configure a webhook in Adyen's Customer Area or Stripe's dashboard. Without a key the simulator notifies nothing (Payrail would refuse it).
 */
@Component
class SimulatorWebhookTargets {
    private static final Logger log = LoggerFactory.getLogger(SimulatorWebhookTargets.class);

    private final ProviderEndpoints endpoints;
    private final PayrailProperties properties;

    SimulatorWebhookTargets(ProviderEndpoints endpoints, PayrailProperties properties) {
        this.endpoints = endpoints;
        this.properties = properties;
    }

    @EventListener
    void onListening(WebServerInitializedEvent event) {
        int port = event.getWebServer().getPort();
        properties.providers().forEach((name, settings) -> {
            boolean notifies = "adyen".equals(settings.type()) || "stripe".equals(settings.type());
            if (!notifies || settings.webhookSecrets().isEmpty()) {
                return;
            }
            endpoints.get(name).simulator().ifPresent(simulator -> {
                String url = "http://127.0.0.1:" + port + "/v1/provider-webhooks/" + name;
                if ("adyen".equals(settings.type())) {
                    simulator.notifyAdyenWebhooksTo(url, settings.webhookSecrets().get(0));
                } else {
                    simulator.notifyStripeWebhooksTo(url, settings.webhookSecrets().get(0));
                }
                log.info("In-process simulator of {} sends its notifications to {}", name, url);
            });
        });
    }
}
