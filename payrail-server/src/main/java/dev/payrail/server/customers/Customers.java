package dev.payrail.server.customers;

import dev.payrail.core.customers.CardUsage;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.Ids;
import dev.payrail.server.commands.Answer;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.commands.CommandPipeline;
import dev.payrail.server.events.EventLog;
import dev.payrail.server.vault.CardVault;
import dev.payrail.server.vault.PaymentMethod;
import dev.payrail.server.vault.PaymentMethodController;
import dev.payrail.server.vault.SavedCards;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What merchants do to customers and the payment methods saved to them. Each command is one commit through the
 * {@link CommandPipeline} (its idempotency key, the change, its event, the audit row); a deleted customer's cards are
 * detached and their vault records destroyed in the commit that deletes it.
 */
@Service
public class Customers {
    private final CustomerStore store;
    private final CommandPipeline pipeline;
    private final EventLog events;
    private final CardVault vault;
    private final SavedCards savedCards;
    private final MandateStore mandates;

    Customers(CustomerStore store, CommandPipeline pipeline, EventLog events, CardVault vault, SavedCards savedCards,
              MandateStore mandates) {
        this.mandates = mandates;
        this.store = store;
        this.pipeline = pipeline;
        this.events = events;
        this.vault = vault;
        this.savedCards = savedCards;
    }

    /** What a create or update sets; each absent part keeps what the customer has. */
    record Details(Optional<String> email, Optional<String> name, Optional<String> phone, Optional<String> description,
                   Optional<Map<String, String>> metadata, Optional<String> defaultPaymentMethod) {
    }

    /**
     * The customer a payment names, checked to exist and not be deleted; a 400 on {@code customer} otherwise, so that
     * nothing is stored for a payment of nobody.
     */
    public void requireActive(String merchantId, String customerId) {
        Optional<Customer> customer = store.find(merchantId, customerId);
        if (customer.isEmpty()) {
            throw ApiException.notFound("customer", customerId, "customer");
        }
        if (customer.get().isDeleted()) {
            throw ApiException.invalid("customer_deleted", "customer", "Customer " + customerId + " was deleted.");
        }
    }

    /** The customer's email, if the merchant gave one: what the risk rules read when the payment names none. */
    public Optional<String> email(String merchantId, String customerId) {
        return store.find(merchantId, customerId).map(Customer::email);
    }

    Answer create(CommandOrigin origin, String merchantId, Details details) {
        String id = Ids.newId("cus");
        return pipeline.once(origin, id, existing -> answer(get(merchantId, existing)), () -> {
            Customer customer = new Customer(id, merchantId, details.email().orElse(null), details.name().orElse(null),
                    details.phone().orElse(null), details.description().orElse(null), details.metadata().orElse(Map.of()),
                    null, Instant.now(), null, 0);
            store.insert(customer);
            events.appendObjectEvent(merchantId, null, "customer.created", origin.actor(), CustomerJson.of(customer));
            return answer(customer);
        });
    }

    Answer update(CommandOrigin origin, String merchantId, String id, Details details) {
        return pipeline.once(origin, id, existing -> answer(get(merchantId, existing)), () -> {
            Customer before = active(store.lock(merchantId, id), id);
            details.defaultPaymentMethod().ifPresent(pm -> requireSavedTo(merchantId, pm, id, "default_payment_method"));
            Customer after = new Customer(id, merchantId, details.email().orElse(before.email()),
                    details.name().orElse(before.name()), details.phone().orElse(before.phone()),
                    details.description().orElse(before.description()), details.metadata().orElse(before.metadata()),
                    details.defaultPaymentMethod().orElse(before.defaultPaymentMethod()), before.created(), null,
                    before.version());
            save(after);
            events.appendObjectEvent(merchantId, null, "customer.updated", origin.actor(), CustomerJson.of(after));
            return answer(store.find(merchantId, id).orElseThrow());
        });
    }

    /**
     * Deletes the customer: its cards are detached (their vault records destroyed), its personal data erased. Deleting
     * it again answers as the first time did, without doing anything: a DELETE is idempotent by itself.
     */
    Answer delete(CommandOrigin origin, String merchantId, String id) {
        return pipeline.once(origin, id, existing -> Answer.ok(CustomerJson.deleted(existing), existing), () -> {
            Customer before = store.lock(merchantId, id).orElseThrow(() -> ApiException.notFound("customer", id));
            if (before.isDeleted()) {
                return Answer.ok(withCount(CustomerJson.deleted(id), 0), id);
            }
            Customer erased = new Customer(id, merchantId, null, null, null, null, Map.of(), null, before.created(),
                    Instant.now(), before.version());
            save(erased);      // the default card first: it may not point at a card about to be detached
            int detached = savedCards.detachAll(merchantId, id, origin.actor());
            mandates.revokeAll(merchantId, id);         // no debit is made for a customer that is gone
            Map<String, Object> gone = CustomerJson.deleted(id);
            events.appendObjectEvent(merchantId, null, "customer.deleted", origin.actor(), gone);
            return Answer.ok(withCount(gone, detached), id);
        });
    }

    /** Saves a payment method to the customer by the merchant's call: for on-session use (no payment consented to more). */
    Answer attach(CommandOrigin origin, String merchantId, String paymentMethodId, String customerId) {
        return pipeline.once(origin, paymentMethodId, existing -> paymentMethod(merchantId, existing), () -> {
            active(store.lock(merchantId, customerId), customerId);
            PaymentMethod method = vault.find(merchantId, paymentMethodId)
                    .orElseThrow(() -> ApiException.notFound("payment_method", paymentMethodId));
            refuseUnusable(method, customerId);
            PaymentMethod saved = savedCards.attach(merchantId, paymentMethodId, customerId, CardUsage.SavedFor.ON_SESSION,
                    null, origin.actor()).orElseThrow(() -> savedElsewhere());
            return Answer.ok(PaymentMethodController.json(saved), paymentMethodId);
        });
    }

    /** Detaches a saved payment method: its vault record is destroyed; a customer's default is cleared with it. */
    Answer detach(CommandOrigin origin, String merchantId, String paymentMethodId) {
        return pipeline.once(origin, paymentMethodId, existing -> paymentMethod(merchantId, existing), () -> {
            PaymentMethod method = vault.find(merchantId, paymentMethodId)
                    .orElseThrow(() -> ApiException.notFound("payment_method", paymentMethodId));
            if (method.customerId() == null) {
                throw ApiException.conflictBeforeRunning("payment_method_not_attached",
                        "Payment method " + paymentMethodId + " is not saved to a customer.");
            }
            store.lock(merchantId, method.customerId()).filter(c -> paymentMethodId.equals(c.defaultPaymentMethod()))
                    .ifPresent(c -> save(new Customer(c.id(), merchantId, c.email(), c.name(), c.phone(), c.description(),
                            c.metadata(), null, c.created(), null, c.version())));
            return Answer.ok(PaymentMethodController.json(savedCards.detach(merchantId, paymentMethodId, origin.actor())),
                    paymentMethodId);
        });
    }

    Customer get(String merchantId, String id) {
        return store.find(merchantId, id).orElseThrow(() -> ApiException.notFound("customer", id));
    }

    private void requireSavedTo(String merchantId, String paymentMethodId, String customerId, String param) {
        PaymentMethod method = vault.find(merchantId, paymentMethodId)
                .orElseThrow(() -> ApiException.notFound("payment_method", paymentMethodId, param));
        if (!customerId.equals(method.customerId())) {
            throw ApiException.invalid("payment_method_not_attached", param,
                    "Payment method " + paymentMethodId + " is not saved to customer " + customerId + ": attach it first.");
        }
    }

    private static void refuseUnusable(PaymentMethod method, String customerId) {
        if (method.isBankAccount()) {
            throw ApiException.invalid("payment_method_unsupported", "payment_method", "A bank account is saved to a "
                    + "customer with its mandate: POST /v1/mandates.");
        }
        if (method.detached()) {
            throw ApiException.conflictBeforeRunning("payment_method_detached", "Payment method " + method.id()
                    + " was detached and its card destroyed; tokenize the card again.");
        }
        if (method.customerId() != null && !method.customerId().equals(customerId)) {
            throw savedElsewhere();
        }
    }

    private static ApiException savedElsewhere() {
        return ApiException.conflictBeforeRunning("payment_method_attached_elsewhere",
                "This payment method is saved to another customer; detach it there first.");
    }

    private static Customer active(Optional<Customer> found, String id) {
        Customer customer = found.orElseThrow(() -> ApiException.notFound("customer", id));
        if (customer.isDeleted()) {
            throw ApiException.conflictBeforeRunning("customer_deleted", "Customer " + id + " was deleted.");
        }
        return customer;
    }

    private void save(Customer customer) {
        if (!store.update(customer)) {
            throw new IllegalStateException("customer " + customer.id() + " changed while row-locked");
        }
    }

    private Answer paymentMethod(String merchantId, String id) {
        return Answer.ok(PaymentMethodController.json(vault.find(merchantId, id).orElseThrow()), id);
    }

    private static Answer answer(Customer customer) {
        return Answer.ok(customer.isDeleted() ? CustomerJson.deleted(customer.id()) : CustomerJson.of(customer), customer.id());
    }

    private static Map<String, Object> withCount(Map<String, Object> json, int detached) {
        Map<String, Object> answer = new java.util.LinkedHashMap<>(json);
        answer.put("payment_methods_detached", detached);
        return answer;
    }
}
