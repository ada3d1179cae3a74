package dev.payrail.server.ledger;

import dev.payrail.core.ledger.PostingAmounts;
import dev.payrail.core.ledger.PostingEvent;
import dev.payrail.core.ledger.PostingRules;
import dev.payrail.core.money.CurrencyCode;
import dev.payrail.server.PayrailProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Moves captured funds from pending to available once their settlement delay has passed. Safe to run
 * twice, and on several instances at once: one batch runs at a time (an advisory lock; found by two
 * processes deadlocking over the same merchants' balances), due rows are leased with SKIP LOCKED and
 * deleted in the transaction that posts their settlement, and a settlement entry is unique per charge anyway.
 */
@Component
public class SettlementRun {
    private static final Logger log = LoggerFactory.getLogger(SettlementRun.class);
    /** The advisory lock key of the settlement run ("settle" in ASCII). */
    private static final long SETTLEMENT_LOCK = 0x736574746c65L;

    private record Due(String transactionId, String merchantId, String currency, long amount) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Journal journal;
    private final PayrailProperties.Ledger settings;
    private final MeterRegistry meters;

    SettlementRun(JdbcClient jdbc, TransactionTemplate transactions, Journal journal, PayrailProperties properties,
                  MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.journal = journal;
        this.settings = properties.ledger();
        this.meters = meters;
    }

    @Scheduled(fixedDelayString = "${payrail.ledger.settlement-interval}")
    void settleDueNow() {
        int settled = settleDue(Instant.now());
        if (settled > 0) {
            log.info("settled {} charges from pending to available", settled);
        }
    }

    /** Settles every charge available by {@code asOf}; returns how many this call settled. */
    public int settleDue(Instant asOf) {
        int total = 0;
        Integer batch;
        do {
            batch = transactions.execute(status -> settleBatch(asOf));
            total += batch == null ? 0 : batch;
        } while (batch != null && batch == settings.settlementBatchSize());
        meters.counter("payrail.ledger.settlements").increment(total);
        return total;
    }

    private int settleBatch(Instant asOf) {
        // One settlement batch at a time across instances: a second one waits for the first to commit instead
        // of racing it over the same merchants' balance rows (taken first, so it cannot be part of a deadlock).
        jdbc.sql("select pg_advisory_xact_lock(?)").param(SETTLEMENT_LOCK).query().listOfRows();
        List<Due> due = jdbc.sql("""
                        delete from settlements_due where balance_transaction_id in (
                            select balance_transaction_id from settlements_due where available_on <= ?
                            order by available_on limit ? for update skip locked)
                        returning balance_transaction_id, merchant_id, currency, amount""")
                .params(Timestamp.from(asOf), settings.settlementBatchSize())
                .query((rs, n) -> new Due(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
                .list();
        // Merchant by merchant, so that the balance rows of a batch are always locked in the same order.
        due = due.stream().sorted(java.util.Comparator.comparing(Due::merchantId).thenComparing(Due::transactionId)).toList();
        for (Due charge : due) {
            // Settlement touches only the merchant's accounts; no provider is party to it.
            journal.post(PostingEvent.SETTLEMENT, PostingAmounts.of(charge.amount()),
                    new PostingRules.Parties(charge.merchantId(), "none", CurrencyCode.of(charge.currency())),
                    "balance_transaction", charge.transactionId(), asOf);
        }
        return due.size();
    }
}
