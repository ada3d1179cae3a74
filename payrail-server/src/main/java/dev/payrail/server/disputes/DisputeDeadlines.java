package dev.payrail.server.disputes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Dispute deadlines as metrics: {@code payrail_disputes_awaiting_response{due="within_48h"}} counts disputes
 * waiting for the merchant's answer that are due within two days, {@code due="past"} those already late.
 */
@Component
class DisputeDeadlines {
    private static final Duration SOON = Duration.ofDays(2);

    DisputeDeadlines(DisputeStore disputes, MeterRegistry meters) {
        Gauge.builder("payrail.disputes.awaiting_response", disputes, d -> d.awaitingResponse(SOON)[0])
                .tag("due", "within_48h").register(meters);
        Gauge.builder("payrail.disputes.awaiting_response", disputes, d -> d.awaitingResponse(SOON)[1])
                .tag("due", "past").register(meters);
    }
}
