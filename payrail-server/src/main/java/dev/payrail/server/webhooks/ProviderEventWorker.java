package dev.payrail.server.webhooks;

import dev.payrail.server.PayrailProperties;
import dev.payrail.server.disputes.DisputeIntake;
import dev.payrail.server.disputes.EarlyFraudWarnings;
import dev.payrail.server.payouts.PayoutIntake;
import dev.payrail.server.payments.DebitReturns;
import dev.payrail.server.payments.ProviderEventOutcomes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import dev.payrail.server.ops.TraceHeaders;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Applies inbox events. Several workers (on several instances) share the inbox through leases taken with
 * FOR UPDATE SKIP LOCKED. An event for a payment not known yet, or one that came before what it follows,
 * is parked with back-off; after {@code maxAttempts} it is flagged for an operator.
 */
@Component
class ProviderEventWorker {
    private static final Logger log = LoggerFactory.getLogger(ProviderEventWorker.class);

    /** Bounds one run, so that leases taken are worked promptly and the poll's cadence is kept. */
    private static final int MAX_BATCHES_PER_RUN = 20;

    private final ProviderEventStore inbox;
    private final ProviderEventOutcomes outcomes;
    private final DisputeIntake disputes;
    private final PayoutIntake payouts;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final PayrailProperties properties;

    private final TraceHeaders traces;

    private final dev.payrail.server.setupintents.SetupIntentNotifications setupIntents;
    private final DebitReturns debitReturns;
    private final EarlyFraudWarnings fraudWarnings;

    ProviderEventWorker(ProviderEventStore inbox, ProviderEventOutcomes outcomes, DisputeIntake disputes,
                        PayoutIntake payouts, JsonMapper json, MeterRegistry meters, PayrailProperties properties,
                        TraceHeaders traces, dev.payrail.server.setupintents.SetupIntentNotifications setupIntents,
                        DebitReturns debitReturns, EarlyFraudWarnings fraudWarnings) {
        this.fraudWarnings = fraudWarnings;
        this.debitReturns = debitReturns;
        this.setupIntents = setupIntents;
        this.traces = traces;
        this.inbox = inbox;
        this.outcomes = outcomes;
        this.disputes = disputes;
        this.payouts = payouts;
        this.json = json;
        this.meters = meters;
        this.properties = properties;
    }

    /**
     * Applies what is due, batch after batch while batches come back full (up to {@link #MAX_BATCHES_PER_RUN}),
     * so that a burst drains at the speed of applying, not at one batch per poll interval.
     */
    @Scheduled(fixedDelayString = "${payrail.webhooks.worker-interval}")
    void applyDue() {
        PayrailProperties.Webhooks settings = properties.webhooks();
        for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
            List<ProviderEventStore.Row> due = inbox.leaseDue(settings.batchSize(), Duration.ofMinutes(1));
            for (ProviderEventStore.Row row : due) {
                try {
                    traces.continuing(row.traceparent(), "webhook.apply", () -> apply(row, settings));
                } catch (RuntimeException e) {
                    log.error("applying provider event {} failed", row.id(), e);
                    park(row, settings, "error: " + e.getClass().getSimpleName());
                }
            }
            if (due.size() < settings.batchSize()) {
                return;
            }
        }
    }

    private void apply(ProviderEventStore.Row row, PayrailProperties.Webhooks settings) {
        InboundEvent event = "adyen".equals(properties.providers().get(row.provider()).type())
                ? WebhookFormats.adyen(WebhookFormats.adyenItem(json.readTree(row.payload())), json.readTree(row.payload()), row.payload())
                : WebhookFormats.stripe(json.readTree(row.payload()), row.payload());
        if (!event.actionable()) {
            inbox.applied(row.id(), "stored only: " + row.type() + " changes nothing yet");
            return;
        }
        if (event.payout() != null) {
            switch (payouts.apply(row.provider(), event.payout())) {
                case APPLIED, ALREADY_REFLECTED -> inbox.applied(row.id(), "payout " + event.payout().stage().name().toLowerCase(java.util.Locale.ROOT));
                case UNKNOWN_PAYOUT -> park(row, settings, "no payout " + event.payout().payoutId() + " (yet)");
            }
            return;
        }
        if (event.fraudWarning() != null) {
            switch (fraudWarnings.apply(row.provider(), event.fraudWarning())) {
                case APPLIED, ALREADY_REFLECTED -> inbox.applied(row.id(), "early fraud warning recorded");
                case UNKNOWN_PAYMENT -> park(row, settings, "no payment " + event.fraudWarning().providerPaymentReference()
                        + " for early fraud warning " + event.fraudWarning().providerWarningId() + " (yet)");
            }
            return;
        }
        if (event.dispute() != null && debitReturns.apply(row.provider(), event.dispute().paymentId(),
                event.dispute().providerPaymentReference(), event.dispute().providerDisputeId(), event.dispute().reason())
                != DebitReturns.Applied.NOT_A_DEBIT) {
            // a dispute of a bank debit is its return by the payer's bank: a movement of its own, not a chargeback
            inbox.applied(row.id(), "debit returned");
            return;
        }
        if (event.dispute() != null) {
            switch (disputes.apply(row.provider(), event.dispute())) {
                case APPLIED, ALREADY_REFLECTED -> inbox.applied(row.id(), "dispute " + event.dispute().status().wireName());
                case UNKNOWN_PAYMENT -> park(row, settings, "no payment " + event.dispute().providerPaymentReference()
                        + " for dispute " + event.dispute().providerDisputeId() + " (yet)");
            }
            return;
        }
        if (dev.payrail.server.setupintents.SetupIntentNotifications.isSetupIntent(event.paymentReference())) {
            boolean changed = setupIntents.apply(event.paymentReference(), row.provider(), event.result());
            inbox.applied(row.id(), changed ? "setup intent verified or refused" : "setup intent decided already");
            return;
        }
        ProviderEventOutcomes.Applied applied = outcomes.apply(event.operationReference(), event.paymentReference(),
                row.provider(), event.kind(), event.result());
        switch (applied) {
            case SETTLED, ALREADY_REFLECTED -> {
                inbox.applied(row.id(), applied.name().toLowerCase(java.util.Locale.ROOT));
                if (row.eventTime() != null) {
                    Timer.builder("payrail.webhooks.lag").tag("provider", row.provider()).register(meters)
                            .record(Duration.between(row.eventTime(), Instant.now()));
                }
            }
            case UNKNOWN_PAYMENT -> park(row, settings, "no payment " + event.paymentReference() + " or operation "
                    + event.operationReference() + " (yet)");
            case TOO_EARLY -> park(row, settings, "waiting for the authorization of " + event.paymentReference());
        }
    }

    private void park(ProviderEventStore.Row row, PayrailProperties.Webhooks settings, String why) {
        if (row.attempts() >= settings.maxAttempts()) {
            inbox.flag(row.id(), why);
            meters.counter("payrail.webhooks.flagged", "provider", row.provider()).increment();
            log.warn("flagged provider event {} after {} attempts: {}", row.id(), row.attempts(), why);
            return;
        }
        Duration delay = settings.parkInitialDelay().multipliedBy(1L << Math.min(row.attempts(), 16));
        inbox.park(row.id(), why, Instant.now().plus(delay));
    }
}
