package dev.payrail.server.setupintents;

import dev.payrail.core.cards.CardToken;
import dev.payrail.core.customers.CardUsage;
import dev.payrail.core.customers.SetupIntentEvent;
import dev.payrail.core.customers.SetupIntentStatus;
import dev.payrail.core.customers.SetupIntentTransitions;
import dev.payrail.core.money.CurrencyCode;
import dev.payrail.core.money.Money;
import dev.payrail.core.providers.CustomerAuthentication;
import dev.payrail.core.providers.FailureMessages;
import dev.payrail.core.providers.ProviderRegistry;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.core.providers.StoredCredential;
import dev.payrail.core.routing.PaymentFacts;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.Ids;
import dev.payrail.server.api.PublicAddress;
import dev.payrail.server.commands.Answer;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.commands.CommandPipeline;
import dev.payrail.server.customers.Customers;
import dev.payrail.server.events.EventLog;
import dev.payrail.core.risk.RiskSignals;
import dev.payrail.server.risk.RiskEvaluator;
import dev.payrail.server.routing.PaymentRouter;
import dev.payrail.server.vault.CardVault;
import dev.payrail.server.vault.PaymentMethod;
import dev.payrail.server.vault.SavedCards;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Saving a card without a payment. Confirming runs through the {@link CommandPipeline} in two commits around the
 * provider's verification (a zero-amount authorization, sent as the first payment of a stored-credential series): the
 * intent claimed as {@code processing}, the call, then the answer applied as {@link SetupIntentTransitions} decides. A
 * verified card is saved to the customer, with the network transaction id its verification got, in the commit that
 * records the verification; a challenge waits for the customer's return. Each confirmation is evaluated by the
 * merchant's risk rules in its first commit, as a payment's is (docs/risk.md): a block refuses the card there and then,
 * nothing is sent; a rule asking for 3-D Secure asks for it on the verification.
 */
@Service
class SetupIntents {
    static final String RETURN_PATH = "/setup_intents/return/";

    private final SetupIntentStore store;
    private final CommandPipeline pipeline;
    private final Customers customers;
    private final CardVault vault;
    private final SavedCards savedCards;
    private final PaymentRouter router;
    private final ProviderRegistry providers;
    private final EventLog events;
    private final PublicAddress address;
    private final TransactionTemplate tx;
    private final RiskEvaluator risk;

    SetupIntents(SetupIntentStore store, CommandPipeline pipeline, Customers customers, CardVault vault,
                 SavedCards savedCards, PaymentRouter router, ProviderRegistry providers, EventLog events,
                 PublicAddress address, TransactionTemplate tx, RiskEvaluator risk) {
        this.risk = risk;
        this.store = store;
        this.pipeline = pipeline;
        this.customers = customers;
        this.vault = vault;
        this.savedCards = savedCards;
        this.router = router;
        this.providers = providers;
        this.events = events;
        this.address = address;
        this.tx = tx;
    }

    /** A validated create request. */
    record NewSetupIntent(String customerId, String usage, CurrencyCode currency, Optional<String> paymentMethod,
                          boolean confirm, Optional<String> returnUrl, Optional<String> requestThreeDSecure,
                          Map<String, String> metadata) {
    }

    Answer create(CommandOrigin origin, String merchantId, NewSetupIntent request) {
        String id = Ids.newId("seti");
        if (!request.confirm()) {
            return pipeline.once(origin, id, existing -> answer(get(merchantId, existing)),
                    () -> answer(insert(merchantId, id, request, origin.actor())));
        }
        CommandPipeline.Step<SetupIntent> step = pipeline.beginOrAnswer(origin, id, existing -> answer(get(merchantId, existing)),
                () -> evaluatedStart(insert(merchantId, id, request, origin.actor()), origin));
        return step instanceof CommandPipeline.Step.Answered<SetupIntent> blocked ? blocked.answer()
                : verify(origin, ((CommandPipeline.Step.Send<SetupIntent>) step).prepared());
    }

    Answer confirm(CommandOrigin origin, String merchantId, String id, Optional<String> paymentMethod,
                   Optional<String> returnUrl) {
        CommandPipeline.Step<SetupIntent> step = pipeline.beginOrAnswer(origin, id, existing -> answer(get(merchantId, existing)), () -> {
            SetupIntent intent = store.lock(id).filter(s -> s.merchantId.equals(merchantId))
                    .orElseThrow(() -> ApiException.notFound("setup_intent", id));
            require(intent, SetupIntentEvent.CONFIRM);
            paymentMethod.ifPresent(pm -> intent.paymentMethodId = usable(merchantId, pm, intent.customerId).id());
            returnUrl.ifPresent(url -> intent.returnUrl = url);
            if (intent.paymentMethodId == null) {
                throw ApiException.invalid("parameter_missing", "payment_method",
                        "This setup intent has no payment method yet: send payment_method to confirm it.");
            }
            return evaluatedStart(intent, origin);
        });
        return step instanceof CommandPipeline.Step.Answered<SetupIntent> blocked ? blocked.answer()
                : verify(origin, ((CommandPipeline.Step.Send<SetupIntent>) step).prepared());
    }

    Answer cancel(CommandOrigin origin, String merchantId, String id, String reason) {
        return pipeline.once(origin, id, existing -> answer(get(merchantId, existing)), () -> {
            SetupIntent intent = store.lock(id).filter(s -> s.merchantId.equals(merchantId))
                    .orElseThrow(() -> ApiException.notFound("setup_intent", id));
            require(intent, SetupIntentEvent.CANCEL);
            // a verification still waiting for the customer can never save the card now: its late answer is ignored
            intent.status = SetupIntentStatus.CANCELED;
            intent.cancellationReason = reason;
            intent.nextActionUrl = null;
            save(intent);
            events.appendObjectEvent(merchantId, null, "setup_intent.canceled", origin.actor(), SetupIntentJson.of(intent));
            return answer(intent);
        });
    }

    /** The customer came back from 3-D Secure: asks the provider what it decided and applies it. */
    SetupIntent customerReturned(String id, Map<String, String> returnParameters) {
        SetupIntent intent = store.findAny(id).orElseThrow(() -> ApiException.notFound("setup_intent", id));
        if (intent.status == SetupIntentStatus.REQUIRES_ACTION) {
            ProviderResult result = providers.get(intent.provider).completeAction(intent.operationKey,
                    intent.providerReference, returnParameters);
            if (result instanceof ProviderResult.Succeeded || result instanceof ProviderResult.Declined) {
                tx.executeWithoutResult(status -> apply(intent.id, intent.operationKey, result, "customer_return"));
            }
        }
        return store.findAny(id).orElseThrow();
    }

    /** A provider's webhook decided the verification waiting for the customer; true when it was applied. */
    boolean notified(SetupIntent intent, ProviderResult result) {
        if (!(result instanceof ProviderResult.Succeeded) && !(result instanceof ProviderResult.Declined)) {
            return false;
        }
        SetupIntent after = tx.execute(status -> apply(intent.id, intent.operationKey, result, "provider_webhook"));
        return after.status != intent.status;
    }

    /**
     * The customer never came back from the challenge: the provider is asked first (they may have answered without
     * returning), and an intent still waiting is canceled as abandoned. A verification moves no money either way.
     */
    void expire(String id) {
        SetupIntent intent = customerReturned(id, Map.of());
        if (intent.status != SetupIntentStatus.REQUIRES_ACTION) {
            return;
        }
        tx.executeWithoutResult(status -> {
            SetupIntent locked = store.lock(id).orElseThrow();
            if (locked.status == SetupIntentStatus.REQUIRES_ACTION) {
                locked.status = next(locked, SetupIntentEvent.CANCEL);
                locked.cancellationReason = "abandoned";
                locked.nextActionUrl = null;
                save(locked);
                events.appendObjectEvent(locked.merchantId, null, "setup_intent.canceled", "expiry_sweeper",
                        SetupIntentJson.of(locked));
            }
        });
    }

    SetupIntent get(String merchantId, String id) {
        return store.find(merchantId, id).orElseThrow(() -> ApiException.notFound("setup_intent", id));
    }

    private SetupIntent insert(String merchantId, String id, NewSetupIntent request, String actor) {
        customers.requireActive(merchantId, request.customerId());
        SetupIntent intent = new SetupIntent(id, merchantId, request.customerId(), request.usage(),
                request.currency().wireName(), request.metadata(), Instant.now(), 0,
                request.paymentMethod().isPresent() ? SetupIntentStatus.REQUIRES_CONFIRMATION
                        : SetupIntentStatus.REQUIRES_PAYMENT_METHOD);
        request.paymentMethod().ifPresent(pm -> intent.paymentMethodId = usable(merchantId, pm, request.customerId()).id());
        request.returnUrl().ifPresent(url -> intent.returnUrl = url);
        request.requestThreeDSecure().ifPresent(wish -> intent.requestThreeDSecure = wish);
        if (request.confirm() && intent.paymentMethodId == null) {
            throw ApiException.invalid("parameter_missing", "payment_method", "confirm needs a payment_method to verify.");
        }
        store.insert(intent);
        events.appendObjectEvent(merchantId, null, "setup_intent.created", actor, SetupIntentJson.of(intent));
        return intent;
    }

    /** The failure code of a card the risk rules refused. */
    static final String BLOCKED = "blocked";

    /**
     * The risk evaluation of this confirmation, in its first commit, then the claim for a verification: refused by
     * the rules, the intent waits for another card in this same commit (nothing is sent; the answer names the decline
     * {@code blocked}); else it is claimed, asking for 3-D Secure when a rule said so.
     */
    private CommandPipeline.Step<SetupIntent> evaluatedStart(SetupIntent intent, CommandOrigin origin) {
        PaymentMethod card = vault.find(intent.merchantId, intent.paymentMethodId).orElseThrow();
        RiskEvaluator.Evaluation evaluation = risk.evaluate(intent.merchantId, () -> new RiskSignals(
                new Money(0, CurrencyCode.parse(intent.currency).orElseThrow()), card.brand(), card.country(), card.bin(),
                card.fingerprint(), null, null, intent.customerId == null ? null
                        : customers.email(intent.merchantId, intent.customerId).orElse(null), null,
                intent.customerId, false, null, null, null, null));
        intent.riskFacts = evaluation.facts();
        intent.riskOutcome = evaluation.outcome();
        if (evaluation.outcome().blocked()) {
            intent.status = next(intent, SetupIntentEvent.RISK_BLOCKED);
            intent.failureCode = BLOCKED;
            intent.failureMessage = "The card was blocked by the merchant's risk rules; nothing was sent to a provider.";
            intent.nextActionUrl = null;
            save(intent);
            events.appendObjectEvent(intent.merchantId, null, "setup_intent.setup_failed", origin.actor(), SetupIntentJson.of(intent));
            return new CommandPipeline.Step.Answered<>(Answer.refused(ApiException.setupDeclined(BLOCKED, intent.failureMessage,
                    intent.id), origin.requestId(), intent.id));
        }
        if (evaluation.outcome().requestsThreeDSecure()) {
            intent.requestThreeDSecure = "any";
        }
        return new CommandPipeline.Step.Send<>(start(intent));
    }

    /** Claims the intent for a verification, inside the caller's transaction: processing, a new key, its provider. */
    private SetupIntent start(SetupIntent intent) {
        PaymentMethod card = vault.find(intent.merchantId, intent.paymentMethodId).orElseThrow();
        List<String> route = router.route(new PaymentFacts(intent.merchantId,
                new Money(0, CurrencyCode.parse(intent.currency).orElseThrow()), card.brand(), card.country()))
                .providers().stream().filter(p -> providers.get(p).verifiesCards()).toList();
        if (route.isEmpty()) {
            // the merchant's routing, not a passing outage: a retry would meet the same rule
            throw ApiException.conflictBeforeRunning("no_provider_verifies_cards", "No provider this merchant's routing "
                    + "allows verifies cards (the simulator and Adyen do; Payrail's Stripe adapter does not); nothing was sent.");
        }
        intent.status = next(intent, SetupIntentEvent.CONFIRM);
        intent.provider = route.get(0);
        intent.operationKey = Ids.newId("op");
        intent.failureCode = null;
        intent.failureMessage = null;
        save(intent);
        return intent;      // what the call needs; the answer is applied to the row read again under its lock
    }

    /** Sends the verification, outside any transaction; the last commit applies its answer and answers. */
    private Answer verify(CommandOrigin origin, SetupIntent intent) {
        StoredCredential first = new StoredCredential(CardUsage.SavedFor.OFF_SESSION.wireName().equals(intent.usage)
                ? StoredCredential.Use.FIRST_OFF_SESSION : StoredCredential.Use.FIRST_ON_SESSION, null);
        ProviderResult result;
        try {
            result = providers.get(intent.provider).verify(intent.operationKey, intent.id,
                    CurrencyCode.parse(intent.currency).orElseThrow(), new CardToken(intent.merchantId, intent.paymentMethodId),
                    new CustomerAuthentication(intent.requestThreeDSecure, address.url(RETURN_PATH + intent.id)), first);
        } finally {
            vault.forgetCvc(intent.paymentMethodId);
        }
        try {
            return end(origin, intent, result);
        } finally {
            vault.recordLeftOpenings(intent.id);
        }
    }

    private Answer end(CommandOrigin origin, SetupIntent intent, ProviderResult result) {
        return pipeline.end(origin, () -> {
            vault.recordOpenings(intent.id);
            SetupIntent after = apply(intent.id, intent.operationKey, result, origin.actor());
            if (after.status == SetupIntentStatus.REQUIRES_PAYMENT_METHOD) {
                return Answer.refused(ApiException.setupDeclined(after.failureCode, after.failureMessage, after.id),
                        origin.requestId(), after.id);
            }
            return answer(after);
        });
    }

    /**
     * Applies the verification answered under {@code operationKey}, inside the caller's transaction: nothing when the
     * intent moved on since (canceled, answered already, or confirmed again under another key).
     */
    private SetupIntent apply(String id, String operationKey, ProviderResult result, String actor) {
        SetupIntent intent = store.lock(id).orElseThrow();
        SetupIntentTransitions.Verification verification = SetupIntentTransitions.verification(result);
        if (!operationKey.equals(intent.operationKey)
                || SetupIntentTransitions.next(intent.status, verification.event()).isEmpty()) {
            return intent;
        }
        if (result instanceof ProviderResult.Succeeded ok && !saved(intent, ok, actor)) {
            // detached, or saved to another customer, while it was being verified: nothing is saved
            verification = new SetupIntentTransitions.Verification(SetupIntentEvent.REFUSED, "payment_method_unusable");
        }
        intent.status = next(intent, verification.event());
        intent.nextActionUrl = null;
        intent.providerReference = result instanceof ProviderResult.RequiresAction action ? action.providerReference()
                : dev.payrail.core.payments.OperationAnswer.reference(result);
        String type = switch (verification.event()) {
            case VERIFIED -> "setup_intent.succeeded";
            case ACTION_REQUIRED -> {
                intent.nextActionUrl = ((ProviderResult.RequiresAction) result).redirectUrl();
                yield "setup_intent.requires_action";
            }
            default -> {
                intent.failureCode = verification.failureCode();
                intent.failureMessage = FailureMessages.of(verification.failureCode());
                if (result instanceof ProviderResult.Declined && intent.riskFacts != null) {
                    risk.declined(intent.merchantId, intent.riskFacts);      // the issuer's decline counts, as a payment's
                }
                yield "setup_intent.setup_failed";
            }
        };
        save(intent);
        events.appendObjectEvent(intent.merchantId, null, type, actor, SetupIntentJson.of(intent));
        return intent;
    }

    /** The card passed: saved to the customer for the intent's use, with the id later payments cite; false if it cannot be. */
    private boolean saved(SetupIntent intent, ProviderResult.Succeeded ok, String actor) {
        intent.networkTransactionId = ok.networkTransactionId();
        return savedCards.attach(intent.merchantId, intent.paymentMethodId, intent.customerId,
                CardUsage.SavedFor.fromWireName(intent.usage).orElseThrow(), ok.networkTransactionId(), actor).isPresent();
    }

    private PaymentMethod usable(String merchantId, String paymentMethodId, String customerId) {
        PaymentMethod card = vault.find(merchantId, paymentMethodId)
                .orElseThrow(() -> ApiException.notFound("payment_method", paymentMethodId, "payment_method"));
        if (card.isBankAccount()) {
            throw ApiException.invalid("payment_method_unsupported", "payment_method",
                    "A setup intent verifies a card; a bank account is saved with its mandate (POST /v1/mandates).");
        }
        if (card.detached()) {
            throw ApiException.invalid("payment_method_detached", "payment_method", "Payment method " + paymentMethodId
                    + " was detached and its card destroyed; tokenize the card again.");
        }
        if (card.customerId() != null && !card.customerId().equals(customerId)) {
            throw ApiException.invalid("payment_method_customer_mismatch", "payment_method",
                    "This payment method is saved to another customer.");
        }
        return card;
    }

    private static void require(SetupIntent intent, SetupIntentEvent event) {
        if (SetupIntentTransitions.next(intent.status, event).isEmpty()) {
            throw ApiException.conflictBeforeRunning("setup_intent_unexpected_state", "A setup intent in status "
                    + intent.status.wireName() + " cannot be " + (event == SetupIntentEvent.CANCEL ? "canceled" : "confirmed") + ".");
        }
    }

    private static SetupIntentStatus next(SetupIntent intent, SetupIntentEvent event) {
        return SetupIntentTransitions.next(intent.status, event).orElseThrow();
    }

    private void save(SetupIntent intent) {
        if (!store.update(intent)) {
            throw ApiException.conflict("setup_intent_concurrently_modified",
                    "This setup intent was changed by another request at the same time; fetch it and retry.");
        }
    }

    private static Answer answer(SetupIntent intent) {
        return Answer.ok(SetupIntentJson.of(intent), intent.id);
    }
}
