package dev.payrail.server.payments;

import dev.payrail.core.cards.CardToken;
import dev.payrail.core.money.Money;
import dev.payrail.core.payments.PaymentEvent;
import dev.payrail.core.payments.PaymentState;
import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.core.payments.PaymentTransitions;
import dev.payrail.core.providers.CustomerAuthentication;
import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.ProviderRegistry;
import dev.payrail.core.providers.FailureMessages;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.core.routing.PaymentFacts;
import dev.payrail.core.routing.Route;
import dev.payrail.core.risk.RiskSignals;
import dev.payrail.server.risk.RiskEvaluator;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.Ids;
import dev.payrail.server.api.PublicAddress;
import dev.payrail.server.commands.Answer;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.commands.CommandPipeline;
import dev.payrail.server.routing.PaymentRouter;
import dev.payrail.core.customers.CardUsage;
import dev.payrail.core.providers.DebitMandate;
import dev.payrail.core.providers.StoredCredential;
import dev.payrail.server.customers.Customers;
import dev.payrail.server.vault.CardVault;
import dev.payrail.server.vault.PaymentMethod;
import dev.payrail.server.vault.SavedCards;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What merchants, operators and the expiry sweeper can do to a payment. Every command runs through the
 * {@link CommandPipeline}: one commit before the provider call (key claimed, payment claimed with a version
 * check, operation opened, timeline), the call outside any transaction, one commit after it (the answer
 * applied as {@code payrail-core} decides, the key's answer, the audit row). Two commands racing on one
 * payment: one claim wins, the other gets 409.
 */
@Service
class PaymentCommands {
    private final PaymentStore payments;
    private final ProviderOperationStore operations;
    private final PaymentTimeline timeline;
    private final CardVault vault;
    private final OutcomeApplier outcomes;
    private final ProviderRegistry providers;
    private final PaymentRouter router;
    private final CommandPipeline pipeline;
    private final PublicAddress returnUrls;
    private final PaymentMetrics metrics;
    private final ClientSecrets clientSecrets;
    private final Customers customers;
    private final dev.payrail.server.customers.Mandates mandates;
    private final dev.payrail.server.risk.RiskEvaluator risk;
    private final RiskHistory riskHistory;

    /** Whom a command answers: the merchant's server (the whole payment) or the customer's browser (what it may see). */
    enum Audience { MERCHANT, BROWSER }

    private final dev.payrail.server.flags.FeatureFlags flags;

    PaymentCommands(PaymentStore payments, ProviderOperationStore operations, PaymentTimeline timeline,
                    CardVault vault, OutcomeApplier outcomes, ProviderRegistry providers, PaymentRouter router,
                    CommandPipeline pipeline, PublicAddress returnUrls, PaymentMetrics metrics, ClientSecrets clientSecrets,
                    Customers customers, dev.payrail.server.customers.Mandates mandates,
                    dev.payrail.server.risk.RiskEvaluator risk, RiskHistory riskHistory,
                    dev.payrail.server.flags.FeatureFlags flags) {
        this.flags = flags;
        this.risk = risk;
        this.riskHistory = riskHistory;
        this.mandates = mandates;
        this.customers = customers;
        this.clientSecrets = clientSecrets;
        this.returnUrls = returnUrls;
        this.metrics = metrics;
        this.payments = payments;
        this.operations = operations;
        this.timeline = timeline;
        this.vault = vault;
        this.outcomes = outcomes;
        this.providers = providers;
        this.router = router;
        this.pipeline = pipeline;
    }

    /**
     * A validated create request; {@code card} is looked up (or was tokenized) inside the command's first commit.
     * {@code authentication}: the merchant's 3-D Secure wish and return URL.
     */
    record NewPayment(Money amount, String captureMethod, boolean confirm, Supplier<Optional<PaymentMethod>> card,
                      Optional<String> bank, String description, String merchantReference, Map<String, String> metadata,
                      Authentication authentication, Usage usage, boolean smartRetries, CustomerDetails customerDetails) {
    }

    /**
     * What a create or confirm says of the customer, for the risk rules: their IP address and its country, their email,
     * the billing address's country (docs/risk.md). Each absent part keeps what the payment has.
     */
    record CustomerDetails(Optional<String> ipAddress, Optional<String> ipCountry, Optional<String> email,
                           Optional<String> billingCountry) {
        static final CustomerDetails NONE = new CustomerDetails(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());

        /** A confirm from the customer's own browser: the address it came from is theirs. */
        static CustomerDetails ofBrowser(String remoteAddress) {
            return new CustomerDetails(Optional.ofNullable(remoteAddress), Optional.empty(), Optional.empty(), Optional.empty());
        }

        void applyTo(Payment payment) {
            ipAddress.ifPresent(ip -> payment.customerIp = ip);
            ipCountry.ifPresent(country -> payment.customerIpCountry = country);
            email.ifPresent(address -> payment.customerEmail = address);
            billingCountry.ifPresent(country -> payment.billingCountry = country);
        }
    }

    /**
     * What a create or confirm says of the card's storage: the payment's {@code customer}, {@code setup_future_usage}
     * (on_session, off_session) and {@code off_session} (one_off, recurring; "false": the customer is there). Each
     * absent part keeps what the payment has; the stored-credential rules ({@link CardUsage}) judge the whole.
     */
    record Usage(Optional<String> customer, Optional<String> setupFutureUsage, Optional<String> offSession) {
        /** A confirm by the customer themselves (the page, the browser): on-session, whatever the payment said. */
        static final Usage CUSTOMER_PRESENT = new Usage(Optional.empty(), Optional.empty(), Optional.of("false"));

        void applyTo(Payment payment) {
            customer.ifPresent(c -> payment.customerId = c);
            setupFutureUsage.ifPresent(u -> payment.setupFutureUsage = u);
            offSession.ifPresent(o -> payment.offSession = "false".equals(o) ? null : "true".equals(o) ? "one_off" : o);
        }
    }

    /** What a create or confirm says of the customer's authentication: each absent part keeps what the payment has. */
    record Authentication(Optional<String> requestThreeDSecure, Optional<String> returnUrl) {
        void applyTo(Payment payment) {
            requestThreeDSecure.ifPresent(request -> payment.requestThreeDSecure = request);
            returnUrl.ifPresent(url -> payment.returnUrl = url);
        }
    }

    Answer create(CommandOrigin origin, String merchantId, NewPayment request) {
        Payment payment = new Payment(Ids.newId("pay"), merchantId, request.captureMethod(), request.description(),
                request.merchantReference(), request.metadata(), Instant.now(), 0, PaymentState.created(request.amount()));
        payment.smartRetries = request.smartRetries();
        request.authentication().applyTo(payment);
        request.usage().applyTo(payment);
        request.customerDetails().applyTo(payment);
        org.slf4j.MDC.put("payment_id", payment.id);          // every later line of this request names it
        record Claimed(Confirmation confirmation, ProviderOperation op) {
        }
        // Created and, when confirmed, claimed for its authorization at once: one commit with its key (one commit
        // and no re-read fewer than creating, then confirming); the card is looked up inside it.
        CommandPipeline.Step<Claimed> step = pipeline.beginOrAnswer(origin, payment.id, id -> current(merchantId, id), () -> {
            Optional<PaymentMethod> card = request.card().get();
            card.ifPresent(c -> {
                payment.card = summary(c);
                payment.paymentMethodId = c.id();
            });
            request.bank().ifPresent(bank -> payment.bank = bank);
            payments.insert(payment);
            timeline.append(payment, "payment.created", null, origin.actor(), Map.of());
            if (!request.confirm()) {
                return new CommandPipeline.Step.Answered<>(answer(payment));
            }
            Confirmation confirmation = confirmation(payment, card, request.bank());
            if (!confirmation.routable()) {
                return new CommandPipeline.Step.Answered<>(Answer.refused(noProvider(), origin.requestId(), payment.id));
            }
            RiskEvaluator.Evaluation evaluation = evaluateRisk(payment, confirmation);
            if (evaluation.outcome().blocked()) {
                return new CommandPipeline.Step.Answered<>(block(payment, confirmation, evaluation, origin, Audience.MERCHANT));
            }
            return new CommandPipeline.Step.Send<>(new Claimed(confirmation, startAuthorization(payment, confirmation,
                    origin.actor())));
        });
        if (step instanceof CommandPipeline.Step.Answered<Claimed> answered) {
            return answered.answer();
        }
        Claimed claimed = ((CommandPipeline.Step.Send<Claimed>) step).prepared();
        return authorize(origin, payment, claimed.confirmation(), claimed.op(), Audience.MERCHANT);
    }

    /**
     * The payment, if it may be confirmed now (409 otherwise): checked before a raw card is tokenized for it. The
     * refusal ran nothing, so a retry of a confirm that did run is answered as that confirm was.
     */
    Payment confirmable(String merchantId, String paymentId) {
        Payment payment = get(merchantId, paymentId);
        try {
            PaymentTransitions.require(payment.state.status(), PaymentEvent.CONFIRM);
        } catch (dev.payrail.core.payments.IllegalTransitionException refused) {
            throw ApiException.conflictBeforeRunning(refused.code(), refused.getMessage());
        }
        return payment;
    }

    Answer confirm(CommandOrigin origin, String merchantId, String paymentId, Optional<PaymentMethod> givenCard,
                   Optional<String> givenBank, Authentication authentication, Usage usage, CustomerDetails details) {
        return confirm(origin, merchantId, paymentId, givenCard, givenBank, authentication, usage, details, Audience.MERCHANT);
    }

    Answer confirm(CommandOrigin origin, String merchantId, String paymentId, Optional<PaymentMethod> givenCard,
                   Optional<String> givenBank, Authentication authentication, Usage usage, CustomerDetails details,
                   Audience audience) {
        record Claimed(Payment payment, Confirmation confirmation, ProviderOperation op) {
        }
        CommandPipeline.Step<Claimed> step = pipeline.beginOrAnswer(origin, paymentId, id -> answer(get(merchantId, id), audience), () -> {
            Payment payment = confirmable(merchantId, paymentId);
            authentication.applyTo(payment);
            usage.applyTo(payment);
            details.applyTo(payment);
            Confirmation confirmation = confirmation(payment, givenCard, givenBank);
            if (!confirmation.routable()) {
                throw noProvider();
            }
            RiskEvaluator.Evaluation evaluation = evaluateRisk(payment, confirmation);
            if (evaluation.outcome().blocked()) {
                return new CommandPipeline.Step.Answered<>(block(payment, confirmation, evaluation, origin, audience));
            }
            return new CommandPipeline.Step.Send<>(new Claimed(payment, confirmation,
                    startAuthorization(payment, confirmation, origin.actor())));
        });
        if (step instanceof CommandPipeline.Step.Answered<Claimed> answered) {
            return answered.answer();
        }
        Claimed claimed = ((CommandPipeline.Step.Send<Claimed>) step).prepared();
        return authorize(origin, claimed.payment(), claimed.confirmation(), claimed.op(), audience);
    }

    /**
     * What a confirmation pays with (a card or a bank account to debit, or the customer's bank: exactly one is set) and
     * the providers it may go to, in order (for a bank, only those that take bank redirects; for a debit, those that
     * collect debits). A debit names the mandate it is made under ({@code mandate}, {@code mandateId}); else both null.
     */
    private record Confirmation(PaymentMethod card, String bank, Route route, StoredCredential credential,
                                DebitMandate mandate, String mandateId) {
        Confirmation(PaymentMethod card, String bank, Route route, StoredCredential credential) {
            this(card, bank, route, credential, null, null);
        }

        boolean routable() {
            return !route.providers().isEmpty();
        }
    }

    private Confirmation confirmation(Payment payment, Optional<PaymentMethod> givenCard, Optional<String> givenBank) {
        Optional<String> bank = givenCard.isPresent() ? Optional.empty() : givenBank.or(() -> Optional.ofNullable(payment.bank));
        if (bank.isPresent()) {
            Route route = router.route(new PaymentFacts(payment.merchantId, payment.state.amount(), "bank_redirect", null));
            if (payment.setupFutureUsage != null || payment.offSession != null) {
                throw ApiException.invalid("payment_method_unsupported", payment.offSession != null ? "off_session"
                        : "setup_future_usage", "Only a card can be saved or charged off-session; a bank redirect is paid once, "
                        + "by the customer at their bank.");
            }
            return new Confirmation(null, bank.get(), new Route(route.ruleId(), route.providers().stream()
                    .filter(p -> providers.get(p).takesBankRedirects()).toList(), route.retrySoftDeclines()),
                    StoredCredential.NONE);
        }
        String paymentMethodId = givenCard.map(PaymentMethod::id).or(() -> Optional.ofNullable(payment.paymentMethodId))
                .orElseThrow(() -> ApiException.invalid("parameter_missing", "payment_method",
                        "This payment has no payment method yet: send payment_method (or bank_redirect) to confirm it."));
        PaymentMethod card = givenCard.or(() -> vault.find(payment.merchantId, paymentMethodId)).orElseThrow();
        if (card.isBankAccount()) {
            return debit(payment, card);
        }
        return new Confirmation(card, null, router.route(new PaymentFacts(payment.merchantId, payment.state.amount(),
                card.brand(), card.country())), credential(payment, card));
    }

    /**
     * A debit of the customer's bank account under its mandate: euros, captured as collected, the account saved to the
     * payment's customer with an active mandate; a 400 naming what is missing otherwise, and nothing is sent.
     */
    private Confirmation debit(Payment payment, PaymentMethod account) {
        if (account.detached()) {
            throw ApiException.invalid("payment_method_detached", "payment_method", "Payment method " + account.id()
                    + " was detached and its account destroyed; it cannot pay again.");
        }
        if (payment.setupFutureUsage != null) {
            throw ApiException.invalid("parameter_conflict", "setup_future_usage",
                    "A bank account is saved with its mandate (POST /v1/mandates), not by a payment.");
        }
        dev.payrail.core.payments.BankRedirects.debitRefusal(payment.state.amount(), payment.capturesAutomatically())
                .ifPresent(why -> {
                    throw ApiException.invalid("payment_method_unsupported", "payment_method", why);
                });
        if (payment.customerId == null) {
            throw ApiException.invalid("parameter_missing", "customer", "A debit is of a customer's account under their "
                    + "mandate: send customer.");
        }
        customers.requireActive(payment.merchantId, payment.customerId);
        if (account.customerId() != null && !account.customerId().equals(payment.customerId)) {
            throw ApiException.invalid("payment_method_customer_mismatch", "payment_method",
                    "This bank account is saved to another customer.");
        }
        dev.payrail.server.customers.Mandate mandate = mandates.active(payment.merchantId, account.id())
                .filter(m -> m.customerId().equals(payment.customerId))
                .orElseThrow(() -> ApiException.invalid("mandate_missing", "payment_method", "This bank account has no "
                        + "active mandate of customer " + payment.customerId + ": record one with POST /v1/mandates."));
        Route route = router.route(new PaymentFacts(payment.merchantId, payment.state.amount(), PaymentMethod.SEPA_DEBIT,
                account.country()));
        return new Confirmation(account, null, new Route(route.ruleId(), route.providers().stream()
                .filter(p -> providers.get(p).takesBankDebits()).toList(), false), StoredCredential.NONE,
                new DebitMandate(mandate.reference(), mandate.acceptedAt()), mandate.id());
    }

    /** The stored credential the payment's card is sent with, as the networks' rules decide; a 400 when they refuse. */
    private StoredCredential credential(Payment payment, PaymentMethod card) {
        if (card.detached()) {
            throw ApiException.invalid("payment_method_detached", "payment_method", "Payment method " + card.id()
                    + " was detached and its card destroyed; it cannot pay again.");
        }
        if (payment.customerId != null) {
            customers.requireActive(payment.merchantId, payment.customerId);
        }
        CardUsage.Decision decision = CardUsage.decide(payment.customerId, SavedCards.usage(card),
                Optional.ofNullable(payment.setupFutureUsage).flatMap(CardUsage.SavedFor::fromWireName),
                payment.offSession == null ? CardUsage.OffSession.NO
                        : "recurring".equals(payment.offSession) ? CardUsage.OffSession.RECURRING : CardUsage.OffSession.ONE_OFF);
        if (decision.refused()) {
            throw ApiException.invalid(decision.refusalCode(), decision.refusalParam(), decision.refusal());
        }
        return decision.credential();
    }

    /** Moves the payment to processing and opens its authorization, inside the caller's transaction. */
    private ProviderOperation startAuthorization(Payment payment, Confirmation confirmation, String actor) {
        PaymentStatus from = payment.state.status();
        Route route = confirmation.route();
        payment.state = payment.state.on(PaymentEvent.CONFIRM);
        boolean byMethod = confirmation.card() != null;
        boolean debit = confirmation.mandate() != null;
        payment.card = byMethod && !debit ? summary(confirmation.card()) : null;
        payment.paymentMethodId = byMethod ? confirmation.card().id() : null;
        payment.bank = byMethod ? null : confirmation.bank();
        payment.debitCountry = debit ? confirmation.card().country() : null;
        payment.debitLast4 = debit ? confirmation.card().last4() : null;
        payment.mandateId = confirmation.mandateId();
        payment.cardFingerprint = byMethod ? confirmation.card().fingerprint() : null;
        payment.provider = route.providers().get(0);
        payment.routingRule = route.ruleId();
        payment.operationInFlight = OperationKind.AUTHORIZE.wireName();
        // a new attempt (another card after a failed authentication) starts without the last one's failure
        payment.failureCode = null;
        payment.failureMessage = null;
        payment.threeDSecure = null;
        // a confirm while a smart retry waits (the merchant's, with the same card or another) is the schedule's next attempt
        payment.nextRetryAt = null;
        save(payment);
        // the stored-credential indicators sent, and the series cited: what a chargeback's answer may need to show
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("routing_rule", route.ruleId());
        data.put("providers", route.providers());
        if (route.explanation() != null) {
            data.put("routing", route.explanation());     // why the first provider: the strategy's scores at the time
        }
        data.put("stored_credential", confirmation.credential().use().name().toLowerCase(java.util.Locale.ROOT));
        if (payment.riskOutcome != null) {
            data.put("risk", payment.riskOutcome.toJson());      // what the rules decided, and what they read it from
        }
        if (confirmation.credential().networkTransactionId() != null) {
            data.put("network_transaction_id_cited", confirmation.credential().networkTransactionId());
        }
        timeline.append(payment, "payment.processing", from, actor, data);
        return operations.open(payment.id, null, OperationKind.AUTHORIZE, payment.state.amount().minorUnits(), null,
                payment.provider);
    }

    /**
     * The risk evaluation of this confirmation, before any provider is called, in the first commit: its facts and
     * outcome are set on the payment (saved with it); a rule asking for 3-D Secure asks for it on this attempt, and so
     * does the merchant's {@code three_d_secure.enforce} flag when it is on for a customer-initiated card payment (a
     * merchant-initiated one is exempt: its customer is not there to authenticate).
     */
    private RiskEvaluator.Evaluation evaluateRisk(Payment payment, Confirmation confirmation) {
        PaymentMethod card = confirmation.card();
        boolean isCard = card != null && confirmation.mandate() == null;
        String fingerprint = card == null ? null : card.fingerprint();
        RiskEvaluator.Evaluation evaluation = risk.evaluate(payment.merchantId, () -> {
            RiskHistory.Of history = riskHistory.of(payment.merchantId, payment.id, fingerprint, payment.customerId,
                    payment.state.amount().currency(), Instant.now());
            String email = payment.customerEmail != null ? payment.customerEmail
                    : payment.customerId == null ? null : customers.email(payment.merchantId, payment.customerId).orElse(null);
            return new RiskSignals(payment.state.amount(), isCard ? card.brand() : null, card == null ? null : card.country(),
                    isCard ? card.bin() : null, fingerprint, payment.customerIp, payment.customerIpCountry, email,
                    payment.billingCountry, payment.customerId, payment.offSession != null, history.firstUseOfCard(),
                    history.usualAmount(), history.customerRefunds30d(), history.cardRefunds30d());
        });
        payment.riskFacts = evaluation.facts();
        payment.riskOutcome = evaluation.outcome();
        if (isCard && evaluation.outcome().requestsThreeDSecure()) {
            payment.requestThreeDSecure = "any";
        }
        if (isCard && payment.offSession == null && "on".equals(flags.variant(
                dev.payrail.server.flags.FlagCatalog.THREE_D_SECURE_ENFORCE, payment.merchantId, payment.merchantId))) {
            payment.requestThreeDSecure = "any";
        }
        return evaluation;
    }

    /**
     * Refused by the merchant's risk rules or lists: the payment fails in this one commit and nothing is sent. The
     * merchant's answer names the decline {@code blocked} (its {@code outcome} names the rule); the customer's
     * browser is told only that the card was declined, as an issuer's refusal would read: a tester learns nothing.
     */
    private Answer block(Payment payment, Confirmation confirmation, RiskEvaluator.Evaluation evaluation,
                         CommandOrigin origin, Audience audience) {
        PaymentStatus from = payment.state.status();
        payment.state = payment.state.on(PaymentEvent.RISK_BLOCKED);
        boolean byMethod = confirmation.card() != null;
        boolean debit = confirmation.mandate() != null;
        payment.card = byMethod && !debit ? summary(confirmation.card()) : null;
        payment.paymentMethodId = byMethod ? confirmation.card().id() : null;
        payment.bank = byMethod ? null : confirmation.bank();
        payment.cardFingerprint = byMethod ? confirmation.card().fingerprint() : null;
        payment.failureCode = BLOCKED;
        payment.failureMessage = "The payment was blocked by the merchant's risk rules; nothing was sent to a provider.";
        payment.threeDSecure = null;
        if (payment.nextRetryAt != null || payment.retryFirstDeclinedAt != null && payment.retryStopReason == null) {
            payment.nextRetryAt = null;              // a schedule's retry refused by the rules ends the schedule
            payment.retryStopReason = BLOCKED;
        }
        save(payment);
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("risk", evaluation.outcome().toJson());
        timeline.append(payment, "payment.failed", from, origin.actor(), data);
        metrics.blocked();
        ApiException refusal = audience == Audience.BROWSER
                ? ApiException.cardDeclined("generic_decline", "Your card was declined.", null, payment.id)
                : ApiException.cardDeclined(BLOCKED, payment.failureMessage, null, payment.id);
        return Answer.refused(refusal, origin.requestId(), payment.id);
    }

    /** The failure code of a payment the risk rules refused. */
    static final String BLOCKED = "blocked";

    /** Sends the claimed authorization along its route; the last commit applies the answer and answers. */
    private Answer authorize(CommandOrigin origin, Payment payment, Confirmation confirmation, ProviderOperation first,
                             Audience audience) {
        PaymentMethod card = confirmation.card();
        Attempt attempt;
        try {
            PaymentFacts facts = card == null || confirmation.mandate() != null ? null
                    : new PaymentFacts(payment.merchantId, payment.state.amount(), card.brand(), card.country());
            attempt = authorizeAlongRoute(payment, card == null ? null : new CardToken(payment.merchantId, card.id()),
                    confirmation.route(), confirmation.credential(), confirmation.mandate(), first, origin.actor(), facts);
        } finally {
            if (card != null) {
                vault.forgetCvc(card.id());
            }
        }
        try {
            return pipeline.end(origin, () -> applyAuthorization(origin, payment, attempt, audience));
        } finally {
            vault.recordLeftOpenings(payment.id);
        }
    }

    private Answer applyAuthorization(CommandOrigin origin, Payment payment, Attempt attempt, Audience audience) {
        {
            vault.recordOpenings(payment.id);
            OutcomeApplier.Applied applied = outcomes.applyWithin(attempt.op().id(), attempt.result(), origin.actor(),
                    attempt.latencyMillis());
            Payment after = applied.payment();
            boolean refused = after.state.status() == PaymentStatus.FAILED
                    || after.state.status() == PaymentStatus.REQUIRES_PAYMENT_METHOD;
            if (attempt.result() instanceof ProviderResult.Declined declined && refused) {
                return Answer.refused(ApiException.cardDeclined(declined.code(), FailureMessages.of(declined.code()),
                        declined.providerCode(), payment.id), origin.requestId(), payment.id);
            }
            if (attempt.result() instanceof ProviderResult.NotReceived && after.state.status() == PaymentStatus.FAILED) {
                return Answer.refused(ApiException.providerUnavailable("The provider could not be reached; payment " + payment.id
                        + " failed without being charged. Create a new payment to try again."), origin.requestId(), payment.id);
            }
            return answer(after, audience);
        }
    }

    /** The last call of a command: the operation it answered, what it said, and how long it took. */
    private record Attempt(ProviderOperation op, ProviderResult result, long latencyMillis) {
    }

    /**
     * Tries the route's providers in order. It moves on only when an attempt certainly charged nothing
     * (connection refused, circuit open, rate limited, 503) or, where the rule allows, once after a soft
     * decline. A timeout never moves on: the money may have moved, and the resolver settles it. A move to the
     * next provider commits on its own (the failed attempt closed, the next one opened): the rare path pays
     * for its own evidence.
     */
    private Attempt authorizeAlongRoute(Payment payment, CardToken card, Route route, StoredCredential credential,
                                        DebitMandate mandate, ProviderOperation first, String actor, PaymentFacts facts) {
        ProviderOperation op = first;
        boolean cascaded = false;
        for (int next = 1; ; next++) {
            long start = System.nanoTime();
            String returnUrl = returnUrls.url(CustomerReturnController.PATH + payment.id);
            ProviderResult result = mandate != null
                    ? providers.get(op.provider()).debit(op.id(), payment.id, payment.state.amount(), card, mandate)
                    : card == null
                    ? providers.get(op.provider()).authorizeBankRedirect(op.id(), payment.id, payment.state.amount(),
                            payment.bank, returnUrl)
                    : providers.get(op.provider()).authorize(op.id(), payment.id, payment.state.amount(), card,
                            payment.capturesAutomatically(), new CustomerAuthentication(payment.requestThreeDSecure, returnUrl),
                            credential);
            long latencyMillis = (System.nanoTime() - start) / 1_000_000;
            if (facts != null) {
                router.learn(facts, op.provider(), result);          // card authorizations teach the routing strategy
            }
            // after a soft decline, once, where the rule allows it and the decline is listed (Cascade's rules)
            boolean cascade = route.retrySoftDeclines() && dev.payrail.core.routing.Cascade.next(result,
                    router.cascadableDeclines(), route.providers(), route.providers().subList(0, next), cascaded).isPresent();
            boolean failOver = next < route.providers().size()
                    && (result instanceof ProviderResult.NotReceived || cascade);
            if (!failOver) {
                return new Attempt(op, result, latencyMillis);
            }
            cascaded |= cascade;
            op = outcomes.failOver(op.id(), result, latencyMillis, route.providers().get(next), actor);
        }
    }

    Answer capture(CommandOrigin origin, String merchantId, String paymentId, Optional<Long> amountToCapture) {
        record Opened(Money amount, ProviderOperation op) {
        }
        Opened opened = pipeline.begin(origin, paymentId, id -> current(merchantId, id), () -> {
            Payment payment = get(merchantId, paymentId);
            Money amount = amountToCapture.map(a -> new Money(a, payment.state.amount().currency()))
                    .orElse(payment.state.amount());
            payment.state.checkCapture(amount);
            return new Opened(amount, open(payment, OperationKind.CAPTURE, amount.minorUnits(), null));
        });
        ProviderOperation op = opened.op();
        long start = System.nanoTime();
        ProviderResult result = providers.get(op.provider()).capture(op.id(), op.paymentProviderReference(), opened.amount());
        return finish(origin, op, result, "capture_failed", start);
    }

    Answer cancel(CommandOrigin origin, String merchantId, String paymentId, String reason) {
        // a payment the provider holds nothing of (never sent, or its last attempt refused) is canceled in its one
        // commit; an authorization, or one waiting for its customer, is voided at the provider
        CommandPipeline.Step<ProviderOperation> step = pipeline.beginOrAnswer(origin, paymentId, id -> current(merchantId, id), () -> {
            Payment payment = get(merchantId, paymentId);
            PaymentTransitions.require(payment.state.status(), PaymentEvent.CANCEL);
            if (payment.state.status() == PaymentStatus.REQUIRES_CONFIRMATION
                    || payment.state.status() == PaymentStatus.REQUIRES_PAYMENT_METHOD) {
                return new CommandPipeline.Step.Answered<>(cancelUnconfirmed(payment, reason, origin.actor()));
            }
            return new CommandPipeline.Step.Send<>(open(payment, OperationKind.CANCEL, null, reason));
        });
        if (step instanceof CommandPipeline.Step.Answered<ProviderOperation> answered) {
            return answered.answer();
        }
        ProviderOperation op = ((CommandPipeline.Step.Send<ProviderOperation>) step).prepared();
        long start = System.nanoTime();
        ProviderResult result = providers.get(op.provider()).cancel(op.id(), op.paymentProviderReference());
        return finish(origin, op, result, "cancel_failed", start);
    }

    /**
     * The retry sweeper's confirm of a payment whose smart retry is due: the same card, off-session as the payment
     * says, along the route as it is now (the strategy may choose another provider than last time). A payment that
     * moved meanwhile (canceled, confirmed by its merchant, another sweeper first) is a 409 and nothing is sent.
     */
    Answer retry(String paymentId) {
        CommandOrigin origin = CommandOrigin.job("smart_retries");
        Payment found = payments.get(paymentId);
        record Claimed(Payment payment, Confirmation confirmation, ProviderOperation op) {
        }
        CommandPipeline.Step<Claimed> step = pipeline.beginOrAnswer(origin, paymentId, id -> current(found.merchantId, id), () -> {
            Payment payment = confirmable(found.merchantId, paymentId);
            if (payment.nextRetryAt == null || payment.nextRetryAt.isAfter(Instant.now())) {
                throw ApiException.conflictBeforeRunning("retry_not_due", "Payment " + paymentId + " has no retry due.");
            }
            Confirmation confirmation = confirmation(payment, Optional.empty(), Optional.empty());
            if (!confirmation.routable()) {
                throw noProvider();
            }
            RiskEvaluator.Evaluation evaluation = evaluateRisk(payment, confirmation);
            if (evaluation.outcome().blocked()) {
                return new CommandPipeline.Step.Answered<>(block(payment, confirmation, evaluation, origin, Audience.MERCHANT));
            }
            return new CommandPipeline.Step.Send<>(new Claimed(payment, confirmation,
                    startAuthorization(payment, confirmation, origin.actor())));
        });
        if (step instanceof CommandPipeline.Step.Answered<Claimed> answered) {
            return answered.answer();
        }
        Claimed claimed = ((CommandPipeline.Step.Send<Claimed>) step).prepared();
        return authorize(origin, claimed.payment(), claimed.confirmation(), claimed.op(), Audience.MERCHANT);
    }

    /**
     * The sweeper's cancel: the authorization outlived its capture window, or the customer never finished
     * authenticating. A payment that waited for its customer is first asked about (they may have answered without
     * coming back, and nobody told us): only one the provider still holds open is canceled, so it can never charge.
     */
    void expire(Payment payment) {
        if (payment.state.status() == PaymentStatus.REQUIRES_ACTION && decided(payment, Map.of(), "expiry_sweeper")) {
            return;
        }
        CommandOrigin origin = CommandOrigin.job("expiry_sweeper");
        ProviderOperation op = pipeline.begin(origin, payment.id, id -> current(payment.merchantId, id), () -> {
            PaymentTransitions.require(payment.state.status(), PaymentTransitions.expiryOf(payment.state.status()));
            return open(payment, OperationKind.CANCEL, null, "expired");
        });
        long start = System.nanoTime();
        ProviderResult result = providers.get(op.provider()).cancel(op.id(), op.paymentProviderReference());
        finish(origin, op, result, "cancel_failed", start);
        if (payment.state.status() == PaymentStatus.REQUIRES_ACTION && result instanceof ProviderResult.Succeeded) {
            metrics.authenticationAbandoned(op.provider());
        }
    }

    /**
     * The customer came back to Payrail's return URL with {@code returnParameters}: asks the provider what it decided
     * and applies it, as a webhook or the resolver would (whichever comes first settles it; the others change nothing).
     * Returns the payment as it is now.
     */
    Payment customerReturned(String paymentId, Map<String, String> returnParameters) {
        Payment payment = payments.findAny(paymentId).orElseThrow(() -> ApiException.notFound("payment", paymentId));
        if (payment.state.status() == PaymentStatus.REQUIRES_ACTION) {
            decided(payment, returnParameters, "customer_return");
        }
        return payments.get(paymentId);
    }

    /** Asks the provider about the authorization waiting for the customer; true when it decided and that was applied. */
    private boolean decided(Payment payment, Map<String, String> returnParameters, String actor) {
        Optional<String> waiting = operations.oldestOpen(payment.id, payment.provider, OperationKind.AUTHORIZE);
        if (waiting.isEmpty()) {
            return false;
        }
        ProviderResult result = providers.get(payment.provider).completeAction(waiting.get(), payment.providerReference,
                returnParameters);
        if (!(result instanceof ProviderResult.Succeeded) && !(result instanceof ProviderResult.Declined)
                && !(result instanceof ProviderResult.Pending)) {
            return false;       // still waiting, or no answer: nothing to apply
        }
        outcomes.apply(waiting.get(), payment.authorizationAsAsked(result), actor);
        return true;
    }

    /**
     * What a merchant changes of a payment's own words, in any status: its description, its reference, and its metadata
     * key by key (a key given an empty value is removed; {@code clearMetadata} empties it first). Its amount, currency
     * and card are its money and are never changed: one commit, audited, under the request's key.
     */
    record Details(Optional<String> description, Optional<String> merchantReference, boolean clearMetadata,
                   Map<String, String> metadata) {
    }

    Answer update(CommandOrigin origin, String merchantId, String paymentId, Details details) {
        return pipeline.once(origin, paymentId, id -> current(merchantId, id), () -> {
            get(merchantId, paymentId);                             // another merchant's id is not found
            Payment payment = payments.lock(paymentId);
            Map<String, String> metadata = new java.util.LinkedHashMap<>(details.clearMetadata() ? Map.of() : payment.metadata);
            details.metadata().forEach((key, value) -> {
                if (value.isEmpty()) {
                    metadata.remove(key);
                } else {
                    metadata.put(key, value);
                }
            });
            if (metadata.size() > 50) {
                throw ApiException.invalid("metadata_invalid", "metadata", "metadata may hold at most 50 keys.");
            }
            // a field given empty is cleared; one not given keeps its value
            String description = details.description().isEmpty() ? payment.description
                    : details.description().get().isEmpty() ? null : details.description().get();
            String reference = details.merchantReference().isEmpty() ? payment.merchantReference
                    : details.merchantReference().get().isEmpty() ? null : details.merchantReference().get();
            payments.updateDetails(paymentId, description, reference, metadata);
            return answer(get(merchantId, paymentId));
        });
    }

    Payment get(String merchantId, String paymentId) {
        return payments.find(merchantId, paymentId).orElseThrow(() -> ApiException.notFound("payment", paymentId));
    }

    /** The payment as it is now: the answer to a key whose first request died after its first commit. */
    private Answer current(String merchantId, String paymentId) {
        return answer(get(merchantId, paymentId));
    }

    private Answer answer(Payment payment) {
        return answer(payment, Audience.MERCHANT);
    }

    private Answer answer(Payment payment, Audience audience) {
        return Answer.ok(audience == Audience.BROWSER ? PaymentJson.forBrowser(payment)
                : PaymentJson.answer(payment, clientSecrets.of(payment.id)), payment.id);
    }

    private Answer cancelUnconfirmed(Payment payment, String reason, String actor) {
        PaymentStatus from = payment.state.status();
        payment.state = payment.state.on(PaymentEvent.CANCEL);
        payment.cancellationReason = reason;
        if (payment.nextRetryAt != null) {
            payment.nextRetryAt = null;              // the merchant canceled the schedule with its payment
            payment.retryStopReason = "canceled";
        }
        save(payment);
        timeline.append(payment, "payment.canceled", from, actor, Map.of("cancellation_reason", reason));
        return answer(payment);
    }

    /** Marks the payment as having {@code kind} in flight and opens the provider operation, in the caller's transaction. */
    private ProviderOperation open(Payment payment, OperationKind kind, Long amount, String reason) {
        if (payment.operationInFlight != null) {
            throw inProgress(payment);
        }
        payment.operationInFlight = kind.wireName();
        save(payment);
        return operations.open(payment.id, null, kind, amount, reason, payment.provider);
    }

    private Answer finish(CommandOrigin origin, ProviderOperation op, ProviderResult result, String failureCode, long startNanos) {
        long latencyMillis = (System.nanoTime() - startNanos) / 1_000_000;
        return pipeline.end(origin, () -> {
            Payment after = outcomes.applyWithin(op.id(), result, origin.actor(), latencyMillis).payment();
            if (result instanceof ProviderResult.Declined declined) {
                return Answer.refused(ApiException.providerRefused(failureCode, FailureMessages.of(declined.code()),
                        declined.code(), op.paymentId()), origin.requestId(), op.paymentId());
            }
            if (result instanceof ProviderResult.NotReceived) {
                return Answer.refused(ApiException.providerUnavailable(
                        "The provider could not be reached; nothing was changed. Retry later."), origin.requestId(), op.paymentId());
            }
            return answer(after);
        });
    }

    /** Saves with the version read; losing a race is a 409, never a silent overwrite. */
    private void save(Payment payment) {
        if (!payments.update(payment)) {
            throw concurrentlyModified();
        }
    }

    /** The route has no provider to send to (every one switched off): nothing was sent. */
    private static ApiException noProvider() {
        return ApiException.providerUnavailable("Every provider is disabled; nothing was sent. Retry later.");
    }

    static ApiException concurrentlyModified() {
        return ApiException.conflict("payment_concurrently_modified",
                "This payment was changed by another request at the same time; fetch it and retry.");
    }

    private static ApiException inProgress(Payment payment) {
        return ApiException.conflict("payment_operation_in_progress",
                "A " + payment.operationInFlight + " of this payment is still in progress"
                        + (payment.outcomeUnknown ? " (its outcome is being confirmed with the provider)" : "") + ".");
    }

    private static Payment.CardSummary summary(PaymentMethod card) {
        return new Payment.CardSummary(card.brand(), card.last4(), card.expMonth(), card.expYear());
    }
}
