package dev.payrail.server.payouts;

import dev.payrail.server.api.Ids;
import dev.payrail.server.commands.Answer;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.commands.CommandPipeline;
import dev.payrail.core.ledger.PostingEvent;
import dev.payrail.core.money.Money;
import dev.payrail.core.payouts.PayoutEvent;
import dev.payrail.core.payouts.PayoutStatus;
import dev.payrail.core.payouts.PayoutTransitions;
import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.PayoutProgress;
import dev.payrail.core.providers.ProviderRegistry;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.server.PayrailProperties;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.ledger.Balances;
import dev.payrail.server.ledger.Journal;
import dev.payrail.server.events.EventLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Payouts from creation to arrival. Creating one locks the merchant's available balance row, refuses an
 * amount above it, and books the withdrawal, all in one transaction, so two concurrent payouts can never
 * overdraw. Sending happens once (a claim on the row, and the payout id as the provider's idempotency key);
 * an unknown outcome is settled by asking the provider, never by sending again.
 */
@Service
class PayoutCommands {
    private static final Logger log = LoggerFactory.getLogger(PayoutCommands.class);

    private final PayoutStore payouts;
    private final Balances balances;
    private final Journal journal;
    private final EventLog events;
    private final ProviderRegistry providers;
    private final TransactionTemplate transactions;
    private final PayrailProperties properties;

    private final CommandPipeline pipeline;

    PayoutCommands(PayoutStore payouts, Balances balances, Journal journal, EventLog events,
                   ProviderRegistry providers, TransactionTemplate transactions, PayrailProperties properties,
                   CommandPipeline pipeline) {
        this.pipeline = pipeline;
        this.payouts = payouts;
        this.balances = balances;
        this.journal = journal;
        this.events = events;
        this.providers = providers;
        this.transactions = transactions;
        this.properties = properties;
    }

    /**
     * Creates a payout. A manual one is claimed for sending in the same commit and sent at once, its answer applied
     * in the command's last commit; an automatic one waits until {@code sendAt} (one commit).
     */
    Answer create(CommandOrigin origin, String merchantId, Money amount, String destination, boolean automatic, Instant sendAt) {
        String payoutId = Ids.newId("po");
        java.util.function.Supplier<Payout> insert = () -> {
            long available = balances.lockAvailable(merchantId, amount.currency());
            if (amount.minorUnits() > available) {
                throw ApiException.invalid("balance_insufficient", "amount", "The available balance is " + available + " "
                        + amount.currency().wireName() + " (minor units); a payout cannot exceed it.");
            }
            Payout payout = payouts.insert(payoutId, merchantId, amount, destination, automatic,
                    providerHolding(merchantId, amount), sendAt);
            journal.post(PostingEvent.PAYOUT_CREATED, merchantId, payout.provider(), amount, "payout", payout.id());
            events.appendObjectEvent(merchantId, null, "payout.created", origin.actor(), payout.json());
            return payout;
        };
        if (automatic) {
            return pipeline.once(origin, payoutId, id -> current(merchantId, id), () -> answer(insert.get()));
        }
        Payout claimed = pipeline.begin(origin, payoutId, id -> current(merchantId, id), () -> {
            insert.get();
            return payouts.startSending(payoutId).orElseThrow();
        });
        ProviderResult result = providers.get(claimed.provider()).payout(claimed.id(), claimed.amount(), claimed.destination());
        return pipeline.end(origin, () -> answer(applySendWithin(payoutId, result, "payout_sender")));
    }

    private Answer current(String merchantId, String id) {
        return answer(payouts.find(merchantId, id).orElseThrow(() -> ApiException.notFound("payout", id)));
    }

    private static Answer answer(Payout payout) {
        return Answer.ok(payout.json(), payout.id());
    }

    /**
     * The provider that holds the merchant's money in that currency: the one that captured its latest
     * payment in it; {@code payrail.payouts.provider} when it has none. (An adapter that sends no payouts, Adyen's
     * for now, declines: the payout fails and the funds come back.)
     */
    private String providerHolding(String merchantId, Money amount) {
        return payouts.latestCaptureProvider(merchantId, amount.currency().code()).orElse(properties.payouts().provider());
    }

    /** Sends a pending payout if nobody has yet; returns it as it stands afterwards. */
    Optional<Payout> send(String id) {
        Optional<Payout> claimed = payouts.startSending(id);
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        Payout payout = claimed.get();
        ProviderResult result = providers.get(payout.provider()).payout(payout.id(), payout.amount(), payout.destination());
        return Optional.of(applySend(payout.id(), result, "payout_sender"));
    }

    Answer cancel(CommandOrigin origin, String merchantId, String id) {
        return pipeline.once(origin, id, objectId -> current(merchantId, objectId), () -> {
            payouts.find(merchantId, id).orElseThrow(() -> ApiException.notFound("payout", id));
            Payout current = payouts.lock(id);
            if (current.sendingStartedAt() != null || PayoutTransitions.next(current.status(), PayoutEvent.CANCEL).isEmpty()) {
                throw ApiException.conflict("payout_state_invalid", "This payout is " + current.status().wireName()
                        + (current.sendingStartedAt() != null && current.status() == PayoutStatus.PENDING ? " and being sent" : "")
                        + "; it can no longer be canceled.");
            }
            return answer(move(current, PayoutEvent.CANCEL, current.providerReference(), null, origin.actor()));
        });
    }

    /** Asks the provider how a payout is doing and records what changed. */
    void track(String id, Instant now) {
        Payout payout = transactions.execute(status -> payouts.lock(id));
        if (payout.status() == PayoutStatus.IN_TRANSIT) {
            PayoutProgress progress = providers.get(payout.provider()).payoutProgress(payout.providerReference());
            if (progress.stage() == PayoutProgress.Stage.PAID || progress.stage() == PayoutProgress.Stage.FAILED) {
                transactions.executeWithoutResult(status -> {
                    Payout current = payouts.lock(id);
                    if (current.status() == PayoutStatus.IN_TRANSIT) {
                        boolean paid = progress.stage() == PayoutProgress.Stage.PAID;
                        move(current, paid ? PayoutEvent.ARRIVED : PayoutEvent.RETURNED, current.providerReference(),
                                progress.failureCode(), "payout_tracker");
                    }
                });
            }
            return;
        }
        if (payout.status() == PayoutStatus.PENDING && payout.sendingStartedAt() != null) {
            ProviderResult found = providers.get(payout.provider()).lookup(payout.id(), OperationKind.PAYOUT, null);
            boolean trustNotFound = payout.sendingStartedAt().plus(properties.resolver().notFoundAfter()).isBefore(now);
            if (found instanceof ProviderResult.NotReceived && !trustNotFound) {
                return;
            }
            if (!(found instanceof ProviderResult.OutcomeUnknown)) {
                applySend(id, found, "payout_tracker");
            }
        }
    }

    /**
     * A notification of how a payout ended. One that overtakes Payrail's own answer to the send (or settles
     * a send whose answer was lost) first records the payout as sent, then as paid or returned.
     */
    PayoutIntake.Applied applyNotice(String provider, PayoutNotice notice) {
        return transactions.execute(status -> {
            if (notice.payoutId() == null || payouts.findAny(notice.payoutId()).filter(p -> p.provider().equals(provider)).isEmpty()) {
                return PayoutIntake.Applied.UNKNOWN_PAYOUT;
            }
            Payout current = payouts.lock(notice.payoutId());
            String actor = "provider_webhook:" + provider;
            boolean paid = notice.stage() == PayoutProgress.Stage.PAID;
            if (current.status() == PayoutStatus.PENDING) {
                if (!paid) {
                    move(current, PayoutEvent.REFUSED, notice.providerReference(), notice.failureCode(), actor);
                    return PayoutIntake.Applied.APPLIED;
                }
                current = move(current, PayoutEvent.SENT, notice.providerReference(), null, actor);
            }
            if (current.status() == PayoutStatus.IN_TRANSIT) {
                move(current, paid ? PayoutEvent.ARRIVED : PayoutEvent.RETURNED, current.providerReference(),
                        paid ? null : notice.failureCode(), actor);
                return PayoutIntake.Applied.APPLIED;
            }
            return PayoutIntake.Applied.ALREADY_REFLECTED;
        });
    }

    private Payout applySend(String id, ProviderResult result, String actor) {
        return transactions.execute(status -> applySendWithin(id, result, actor));
    }

    /** Applies the answer to a send, in the caller's transaction. */
    private Payout applySendWithin(String id, ProviderResult result, String actor) {
        {
            Payout current = payouts.lock(id);
            if (current.status() != PayoutStatus.PENDING) {
                return current;
            }
            if (result instanceof ProviderResult.Succeeded ok) {
                return move(current, PayoutEvent.SENT, ok.providerReference(), null, actor);
            }
            if (result instanceof ProviderResult.Declined declined) {
                return move(current, PayoutEvent.REFUSED, current.providerReference(), declined.code(), actor);
            }
            if (result instanceof ProviderResult.NotReceived) {
                return move(current, PayoutEvent.REFUSED, current.providerReference(), "provider_unavailable", actor);
            }
            log.warn("payout {} sent with an unknown outcome; the tracker will ask the provider", id);
            Payout unknown = with(current, current.status(), current.providerReference(), true, current.failureCode());
            payouts.save(unknown);
            return unknown;
        }
    }

    /** One step through the transition table, with its posting and event, in the caller's transaction. */
    private Payout move(Payout current, PayoutEvent event, String providerReference, String failureCode, String actor) {
        PayoutStatus next = PayoutTransitions.next(current.status(), event).orElseThrow(() ->
                new IllegalStateException("payout " + current.id() + " is " + current.status() + "; " + event + " not allowed"));
        Payout moved = with(current, next, providerReference, false, failureCode);
        payouts.save(moved);
        event.posting().ifPresent(posting ->
                journal.post(posting, moved.merchantId(), moved.provider(), moved.amount(), "payout", moved.id()));
        if (next.isFinal()) {
            events.appendObjectEvent(moved.merchantId(), null, "payout." + next.wireName(), actor, moved.json());
        }
        return moved;
    }

    private static Payout with(Payout p, PayoutStatus status, String providerReference, boolean unknown, String failureCode) {
        return new Payout(p.id(), p.merchantId(), p.amount(), p.destination(), status, p.automatic(), p.provider(),
                providerReference, unknown, failureCode, p.sendAt(), p.sendingStartedAt(), p.created());
    }

    /** How long a send may take before the tracker treats it as interrupted. */
    Duration sendTimeout() {
        return properties.longestReadTimeout().multipliedBy(2);
    }
}
