package dev.payrail.server.payouts;

import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.core.money.Money;
import dev.payrail.server.PayrailProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * The payout background work: sending automatic payouts once their hold is over, following payouts in
 * transit (and sends whose outcome is unknown) until they arrive or come back, and creating automatic
 * payouts per merchant schedule. Each is safe on several instances (row claims and conditional updates).
 */
@Component
public class PayoutJobs {
    private static final Logger log = LoggerFactory.getLogger(PayoutJobs.class);

    private final PayoutStore payouts;
    private final PayoutCommands commands;
    private final JdbcClient jdbc;
    private final PayrailProperties.Payouts settings;

    private final dev.payrail.server.ledger.Balances balances;

    PayoutJobs(PayoutStore payouts, PayoutCommands commands, JdbcClient jdbc, PayrailProperties properties,
               dev.payrail.server.ledger.Balances balances) {
        this.balances = balances;
        this.payouts = payouts;
        this.commands = commands;
        this.jdbc = jdbc;
        this.settings = properties.payouts();
    }

    @Scheduled(fixedDelayString = "${payrail.payouts.tracker-interval}")
    void sendAndTrackNow() {
        sendAndTrack(Instant.now());
    }

    /** Sends what is due by {@code asOf}, then asks about everything on its way. */
    public void sendAndTrack(Instant asOf) {
        for (String id : payouts.dueToSend(asOf, settings.batchSize())) {
            commands.send(id);
        }
        for (String id : payouts.toTrack(Instant.now().minus(commands.sendTimeout()), settings.batchSize())) {
            try {
                commands.track(id, Instant.now());
            } catch (RuntimeException e) {
                log.warn("tracking payout {} failed; next round retries: {}", id, e.toString());
            }
        }
    }

    @Scheduled(fixedDelayString = "${payrail.payouts.scheduler-interval}")
    void createScheduledNow() {
        createScheduled(LocalDate.now(ZoneOffset.UTC));
    }

    /**
     * Creates the automatic payouts due on {@code day}: the whole available balance of each currency, to
     * the schedule's destination, sent after the hold. A schedule runs at most once a day.
     */
    public int createScheduled(LocalDate day) {
        String weekday = day.getDayOfWeek().name().toLowerCase(Locale.ROOT);
        List<String[]> due = jdbc.sql("""
                        update payout_schedules set last_run_on = ?
                        where (last_run_on is null or last_run_on < ?)
                          and (interval = 'daily' or (interval = 'weekly' and weekly_anchor = ?))
                        returning merchant_id, destination""")
                .params(day, day, weekday)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
        int created = 0;
        for (String[] schedule : due) {
            List<Money> available = balances.availableFunds(schedule[0]);
            for (Money amount : available) {
                try {
                    commands.create(CommandOrigin.job("payout_schedule"), schedule[0], amount, schedule[1], true,
                            Instant.now().plus(settings.automaticHold()));
                    created++;
                } catch (RuntimeException e) {
                    // the balance moved between the read and the lock: skip it today, nothing was booked
                    log.info("automatic payout of {} for {} skipped: {}", amount, schedule[0], e.getMessage());
                }
            }
        }
        return created;
    }
}
