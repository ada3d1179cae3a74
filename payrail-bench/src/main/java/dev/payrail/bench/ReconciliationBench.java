package dev.payrail.bench;

import dev.payrail.core.ledger.FeeSchedule;
import dev.payrail.core.money.CurrencyCode;
import dev.payrail.core.reconciliation.RecordedItem;
import dev.payrail.core.reconciliation.ReportFormat;
import dev.payrail.core.reconciliation.RunSummary;
import dev.payrail.core.reconciliation.SettlementMatcher;
import dev.payrail.core.reconciliation.SettlementReportReader;
import dev.payrail.core.reconciliation.SettlementType;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and matches a generated settlement report of N rows (Stripe's format) with the reader and matcher
 * Payrail uses, and prints the time and the peak heap. The records side is computed from each reference,
 * so what is measured is the streaming parse and the matching, not a database.
 *
 * <pre>java -Xmx512m -jar payrail-bench/target/payrail-bench.jar reconcile --rows 1000000 [--file /tmp/report.csv] [--write-only]</pre>
 */
public final class ReconciliationBench {
    private static final FeeSchedule FEES = new FeeSchedule(150, Map.of("USD", 10L));
    private static final Instant BOOKED = Instant.parse("2026-11-22T10:00:00Z");

    private ReconciliationBench() {
    }

    public static void main(String[] args) throws IOException {
        long rows = 1_000_000;
        Path file = Files.createTempFile("payrail-report-", ".csv");
        boolean writeOnly = false;
        for (int i = 0; i < args.length; i++) {
            if ("--rows".equals(args[i])) {
                rows = Long.parseLong(args[++i]);
            } else if ("--file".equals(args[i])) {
                file = Path.of(args[++i]);
            } else if ("--write-only".equals(args[i])) {
                writeOnly = true; // for the end-to-end run through a server: keep the file, match nothing here
            }
        }
        long written = System.nanoTime();
        write(file, rows);
        System.out.printf("wrote %,d rows (%,d MB) in %.1f s%n", rows, Files.size(file) >> 20, (System.nanoTime() - written) / 1e9);
        if (writeOnly) {
            return;
        }

        System.gc();
        long start = System.nanoTime();
        RunSummary summary = new RunSummary();
        SettlementMatcher matcher = new SettlementMatcher(new ComputedRecords(), FEES, Duration.ofDays(5), Duration.ofDays(2));
        try (InputStream in = Files.newInputStream(file);
             SettlementReportReader report = ReportFormat.STRIPE_PAYOUT_RECONCILIATION.open(in)) {
            while (report.hasNext()) {
                summary.add(matcher.match(report.next()));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("reconciled %,d rows in %.1f s (%,.0f rows/s): matched %,d, exceptions %s, max heap %d MB, peak heap used %d MB%n",
                summary.rows(), seconds, summary.rows() / seconds, summary.matched(), summary.exceptions(),
                Runtime.getRuntime().maxMemory() >> 20, peakHeapMb());
        Files.deleteIfExists(file);
    }

    /** Row i is a charge of (i % 9000 + 100) cents on pi_i; every 1000th row's amount is off by one cent. */
    private static void write(Path file, long rows) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,source_id,payment_intent_id,description\n");
            for (long i = 0; i < rows; i++) {
                long gross = amount(i) + (i % 1000 == 999 ? 1 : 0);
                long fee = FEES.feeOn(gross, CurrencyCode.of("USD"));
                out.write("txn_" + i + ",2026-11-22 10:00:00,usd," + decimal(gross) + "," + decimal(fee) + "," + decimal(gross - fee)
                        + ",charge,ch_" + i + ",pi_" + i + ",\"Order " + i + ", two items\"\n");
            }
        }
    }

    private static long amount(long i) {
        return i % 9000 + 100;
    }

    private static String decimal(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    /** Payrail's side, computed: pi_i was captured for amount(i) cents at the booking time. */
    private static final class ComputedRecords implements SettlementMatcher.Records {
        private static final CurrencyCode USD = CurrencyCode.of("USD");

        @Override
        public Optional<RecordedItem> byProviderReference(SettlementType type, String reference) {
            if (type != SettlementType.CAPTURE || !reference.startsWith("pi_")) {
                return Optional.empty();
            }
            long i = Long.parseLong(reference.substring(3));
            return Optional.of(new RecordedItem("pay_" + i, type, reference, "pay_" + i, USD, amount(i), BOOKED, true, "succeeded"));
        }

        @Override
        public Optional<RecordedItem> byMerchantReference(SettlementType type, String reference) {
            return Optional.empty();
        }

        @Override
        public Optional<RecordedItem> byAmount(SettlementType type, CurrencyCode currency, long amount, Instant around, Duration window) {
            return Optional.empty();
        }
    }
}
