package dev.payrail.server.payments;

import dev.payrail.core.customers.CardUsage;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.server.vault.SavedCards;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.util.Map;

/**
 * Save while paying: once a payment with {@code setup_future_usage} is authorized (after 3-D Secure where the issuer
 * asked for it), its card is saved to its customer, with the network transaction id the authorization got, in the
 * commit that records the authorization. A payment whose card cannot be saved any more (detached, or saved to another
 * customer meanwhile) stays authorized: the merchant sees on the timeline that nothing was saved.
 */
@Component
class CardSaving {
    private static final Logger log = LoggerFactory.getLogger(CardSaving.class);

    private final SavedCards savedCards;
    private final PaymentTimeline timeline;

    CardSaving(SavedCards savedCards, PaymentTimeline timeline) {
        this.savedCards = savedCards;
        this.timeline = timeline;
    }

    /** The payment's authorization was approved with {@code result}: keeps its network id, saves its card if asked. */
    @Transactional(propagation = Propagation.MANDATORY)
    void authorized(Payment payment, ProviderResult.Succeeded result, String actor) {
        if (result.networkTransactionId() != null) {
            payment.networkTransactionId = result.networkTransactionId();
        }
        if (payment.setupFutureUsage == null || payment.customerId == null || payment.paymentMethodId == null) {
            return;
        }
        CardUsage.SavedFor savedFor = CardUsage.SavedFor.fromWireName(payment.setupFutureUsage).orElseThrow();
        boolean saved = savedCards.attach(payment.merchantId, payment.paymentMethodId, payment.customerId, savedFor,
                payment.networkTransactionId, actor).isPresent();
        if (!saved) {
            log.warn("payment {} was authorized but its card {} could not be saved to {}", payment.id,
                    payment.paymentMethodId, payment.customerId);
        }
        timeline.append(payment, saved ? "payment.payment_method_saved" : "payment.payment_method_not_saved",
                payment.state.status(), actor, Map.of("payment_method", payment.paymentMethodId, "customer",
                        payment.customerId, "setup_future_usage", payment.setupFutureUsage));
    }
}
