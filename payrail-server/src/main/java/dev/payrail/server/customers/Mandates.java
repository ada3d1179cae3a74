package dev.payrail.server.customers;

import dev.payrail.core.customers.CardUsage;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.Ids;
import dev.payrail.server.commands.Answer;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.commands.CommandPipeline;
import dev.payrail.server.vault.CardVault;
import dev.payrail.server.vault.PaymentMethod;
import dev.payrail.server.vault.SavedCards;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Mandates for bank debits: accepting one saves the customer's bank account to them for off-session use, in the same
 * commit; every debit is then made under it, and none once it is revoked (or the customer deleted).
 */
@Service
public class Mandates {
    private final MandateStore store;
    private final Customers customers;
    private final CardVault vault;
    private final SavedCards savedCards;
    private final CommandPipeline pipeline;
    private final dev.payrail.server.events.EventLog events;

    Mandates(MandateStore store, Customers customers, CardVault vault, SavedCards savedCards, CommandPipeline pipeline,
             dev.payrail.server.events.EventLog events) {
        this.events = events;
        this.store = store;
        this.customers = customers;
        this.vault = vault;
        this.savedCards = savedCards;
        this.pipeline = pipeline;
    }

    /** How the payer accepted: online (from {@code ipAddress} with {@code userAgent}) or offline (on paper). */
    record Acceptance(String type, Instant acceptedAt, String ipAddress, String userAgent) {
    }

    /** The mandate a debit of {@code paymentMethodId} is made under, when there is an active one. */
    public Optional<Mandate> active(String merchantId, String paymentMethodId) {
        return store.ofPaymentMethod(merchantId, paymentMethodId).filter(Mandate::active);
    }

    Answer create(CommandOrigin origin, String merchantId, String customerId, String paymentMethodId, Acceptance acceptance) {
        String id = Ids.newId("mandate");
        return pipeline.once(origin, id, existing -> answer(get(merchantId, existing)), () -> {
            customers.requireActive(merchantId, customerId);
            PaymentMethod account = vault.find(merchantId, paymentMethodId)
                    .orElseThrow(() -> ApiException.notFound("payment_method", paymentMethodId, "payment_method"));
            if (!account.isBankAccount() || account.detached()) {
                throw ApiException.invalid("payment_method_unsupported", "payment_method",
                        "A mandate is for a bank account (a sepa_debit payment method) that was not detached.");
            }
            if (store.ofPaymentMethod(merchantId, paymentMethodId).isPresent()) {
                throw ApiException.conflictBeforeRunning("mandate_exists", "This bank account has a mandate already.");
            }
            savedCards.attach(merchantId, paymentMethodId, customerId, CardUsage.SavedFor.OFF_SESSION, null, origin.actor())
                    .orElseThrow(() -> ApiException.conflictBeforeRunning("payment_method_attached_elsewhere",
                            "This bank account is saved to another customer."));
            // the reference the payer's bank knows the mandate by: unique per creditor, at most 35 characters
            String reference = "PAYRAIL-" + id.substring("mandate_".length()).toUpperCase(Locale.ROOT);
            Mandate mandate = new Mandate(id, merchantId, customerId, paymentMethodId, "active",
                    reference.substring(0, Math.min(35, reference.length())), acceptance.type(), acceptance.acceptedAt(),
                    acceptance.ipAddress(), acceptance.userAgent(), Instant.now(), null);
            store.insert(mandate);
            events.appendObjectEvent(merchantId, null, "mandate.created", origin.actor(), json(mandate));
            return answer(mandate);
        });
    }

    Answer revoke(CommandOrigin origin, String merchantId, String id) {
        return pipeline.once(origin, id, existing -> answer(get(merchantId, existing)), () -> {
            get(merchantId, id);
            if (store.revoke(merchantId, id)) {
                events.appendObjectEvent(merchantId, null, "mandate.updated", origin.actor(), json(get(merchantId, id)));
            }
            return answer(get(merchantId, id));
        });
    }

    Mandate get(String merchantId, String id) {
        return store.find(merchantId, id).orElseThrow(() -> ApiException.notFound("mandate", id));
    }

    static Answer answer(Mandate m) {
        return Answer.ok(json(m), m.id());
    }

    static Map<String, Object> json(Mandate m) {
        Map<String, Object> online = null;
        if ("online".equals(m.acceptanceType())) {
            online = new LinkedHashMap<>();
            online.put("ip_address", m.ipAddress());
            online.put("user_agent", m.userAgent());
        }
        Map<String, Object> acceptance = new LinkedHashMap<>();
        acceptance.put("type", m.acceptanceType());
        acceptance.put("accepted_at", m.acceptedAt().getEpochSecond());
        acceptance.put("online", online);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", m.id());
        json.put("object", "mandate");
        json.put("livemode", false);
        json.put("created", m.created().getEpochSecond());
        json.put("customer", m.customerId());
        json.put("payment_method", m.paymentMethodId());
        json.put("status", m.status());
        json.put("reference", m.reference());
        json.put("customer_acceptance", acceptance);
        return json;
    }
}
