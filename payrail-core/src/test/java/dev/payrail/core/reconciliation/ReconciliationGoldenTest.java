package dev.payrail.core.reconciliation;

import dev.payrail.core.ledger.FeeSchedule;
import dev.payrail.core.money.CurrencyCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report written with a known set of discrepancies yields exactly those exceptions, in both formats:
 * one dropped row, a changed amount, a wrong currency, a duplicated row, an unknown reference, a late
 * settlement, an unexpected fee, a wrong fee, a settlement of a voided payment; plus a row without any
 * reference that is matched, weakly, by amount and date.
 */
class ReconciliationGoldenTest {
    private static final CurrencyCode USD = CurrencyCode.of("USD");
    private static final Instant RECORDED = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant BOOKED = Instant.parse("2026-11-22T10:00:00Z");
    private static final FeeSchedule PROVIDER_FEES = new FeeSchedule(150, Map.of("USD", 10L, "EUR", 10L));
    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** A logical report line, written in either format. */
    record Line(SettlementType type, String reference, String paymentId, String currency, long gross, long fee, Instant booked) {
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void injected_discrepancies_come_out_as_exactly_those_exceptions(ReportFormat format) {
        List<RecordedItem> recorded = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            boolean voided = i == 9;
            recorded.add(new RecordedItem("pay_" + i, SettlementType.CAPTURE, "ref_" + i, "pay_" + i, USD, 1_000L * i + 37,
                    RECORDED, !voided, voided ? "canceled" : "succeeded"));
        }
        recorded.add(new RecordedItem("re_1", SettlementType.REFUND, "refref_1", "op_1", USD, 300, RECORDED, true, "succeeded"));

        List<Line> lines = new ArrayList<>();
        for (RecordedItem item : recorded) {
            if (item.type() != SettlementType.CAPTURE) {
                continue;
            }
            int i = Integer.parseInt(item.id().substring(4));
            long gross = item.amount();
            String currency = "usd";
            Instant booked = BOOKED;
            String reference = item.providerReference();
            String paymentId = item.merchantReference();
            if (i == 3) {
                continue; // dropped: missing_in_report
            }
            if (i == 4) {
                gross += 100; // amount_mismatch
            }
            if (i == 5) {
                currency = "eur"; // currency_mismatch
            }
            if (i == 7) {
                booked = RECORDED.plus(Duration.ofDays(10)); // late_settlement
            }
            if (i == 10) {
                reference = null; // no reference at all: the weak match by amount and date
                paymentId = null;
            }
            long fee = PROVIDER_FEES.feeOn(gross, CurrencyCode.of(currency)) + (i == 8 ? 5 : 0); // fee_mismatch on 8
            lines.add(new Line(SettlementType.CAPTURE, reference, paymentId, currency, gross, fee, booked));
            if (i == 6) {
                lines.add(lines.get(lines.size() - 1)); // duplicate_in_report
            }
        }
        lines.add(new Line(SettlementType.REFUND, "refref_1", "op_1", "usd", -300, 0, BOOKED));
        lines.add(new Line(SettlementType.CAPTURE, "ref_unknown", "pay_unknown", "usd", 987_654, 14_825, BOOKED)); // missing_in_payrail
        lines.add(new Line(SettlementType.FEE, "ref_nothing", null, "usd", 0, 250, BOOKED)); // fee_mismatch: unexpected fee

        InMemoryRecords records = new InMemoryRecords(recorded);
        SettlementMatcher matcher = new SettlementMatcher(records, PROVIDER_FEES, Duration.ofDays(3), Duration.ofDays(5));
        RunSummary summary = new RunSummary();
        Map<SettlementMatcher.Strength, Integer> strengths = new EnumMap<>(SettlementMatcher.Strength.class);
        try (SettlementReportReader rows = format.open(new ByteArrayInputStream(write(format, lines)))) {
            while (rows.hasNext()) {
                SettlementMatcher.Outcome outcome = matcher.match(rows.next());
                summary.add(outcome);
                if (outcome.matched()) {
                    records.matched.add(outcome.item().id());
                    strengths.merge(outcome.strength(), 1, Integer::sum);
                }
            }
        }
        for (RecordedItem item : recorded) {
            if (item.settles() && !records.matched.contains(item.id())) {
                summary.add(new SettlementMatcher.Finding(ExceptionCategory.MISSING_IN_REPORT, item.currency(), item.amount(),
                        item.id() + " was not settled"));
            }
        }

        Map<ExceptionCategory, Long> expected = new EnumMap<>(ExceptionCategory.class);
        expected.put(ExceptionCategory.MISSING_IN_REPORT, 1L);
        expected.put(ExceptionCategory.AMOUNT_MISMATCH, 1L);
        expected.put(ExceptionCategory.CURRENCY_MISMATCH, 1L);
        expected.put(ExceptionCategory.DUPLICATE_IN_REPORT, 1L);
        expected.put(ExceptionCategory.MISSING_IN_PAYRAIL, 1L);
        expected.put(ExceptionCategory.LATE_SETTLEMENT, 1L);
        expected.put(ExceptionCategory.FEE_MISMATCH, 2L);
        expected.put(ExceptionCategory.STATUS_MISMATCH, 1L);
        assertThat(summary.exceptions()).isEqualTo(expected);
        assertThat(summary.atStake().get(ExceptionCategory.AMOUNT_MISMATCH)).containsEntry("USD", 100L);
        assertThat(summary.atStake().get(ExceptionCategory.MISSING_IN_REPORT)).containsEntry("USD", 3_037L);
        assertThat(summary.atStake().get(ExceptionCategory.FEE_MISMATCH)).containsEntry("USD", 255L);
        assertThat(summary.rows()).isEqualTo(lines.size());
        assertThat(summary.matched()).as("the 11 captures in the report (duplicate once) and the refund").isEqualTo(12);
        assertThat(strengths).containsEntry(SettlementMatcher.Strength.AMOUNT_AND_DATE, 1);
    }

    private static byte[] write(ReportFormat format, List<Line> lines) {
        StringBuilder csv = new StringBuilder();
        if (format == ReportFormat.STRIPE_PAYOUT_RECONCILIATION) {
            // columns in another order than Stripe's, and one Payrail does not read: both must not matter
            csv.append("created_utc,balance_transaction_id,reporting_category,currency,gross,fee,net,source_id,payment_intent_id,description\n");
            int n = 0;
            for (Line line : lines) {
                String category = switch (line.type()) {
                    case CAPTURE -> "charge";
                    case REFUND -> "refund";
                    case FEE -> "fee";
                    default -> "other";
                };
                String id = line.type() == SettlementType.CAPTURE && line.reference() == null ? "ch_noref" : line.reference();
                long gross = line.type() == SettlementType.FEE ? -line.fee() : line.gross();
                long fee = line.type() == SettlementType.FEE ? 0 : line.fee();
                n = line.reference() != null && lines.indexOf(line) != lines.lastIndexOf(line) ? n : n + 1;
                csv.append(SPACED.format(line.booked())).append(",txn_").append(n).append(',').append(category).append(',')
                        .append(line.currency()).append(',').append(decimal(gross)).append(',').append(decimal(fee)).append(',')
                        .append(decimal(gross - fee)).append(',').append(id).append(',')
                        .append(line.type() == SettlementType.CAPTURE && line.reference() != null ? line.reference() : "")
                        .append(",\"a, quoted description\"\n");
            }
        } else {
            csv.append("Company Account,Merchant Account,Psp Reference,Merchant Reference,Payment Method,Creation Date,TimeZone,Type,"
                    + "Modification Reference,Gross Currency,Gross Debit (GC),Gross Credit (GC),Exchange Rate,Net Currency,"
                    + "Net Debit (NC),Net Credit (NC),Commission (NC),Markup (NC),Scheme Fees (NC),Interchange (NC),"
                    + "Payment Method Variant,Batch Number\n");
            for (Line line : lines) {
                String type = switch (line.type()) {
                    case CAPTURE -> "Settled";
                    case REFUND -> "Refunded";
                    case FEE -> "Fee";
                    default -> "Other";
                };
                String psp = line.type() == SettlementType.REFUND ? "ref_1" : line.reference() == null ? "psp_noref" : line.reference();
                String modification = line.type() == SettlementType.REFUND ? line.reference() : "";
                long gross = line.gross();
                long net = line.type() == SettlementType.FEE ? -line.fee() : gross - line.fee();
                String currency = line.currency().toUpperCase();
                csv.append("PayrailCo,PayrailECOM,").append(psp).append(',').append(line.paymentId() == null ? "" : line.paymentId())
                        .append(",visa,").append(SPACED.format(line.booked())).append(",UTC,").append(type).append(',')
                        .append(modification).append(',').append(currency).append(',')
                        .append(gross < 0 ? decimal(-gross) : "").append(',').append(gross > 0 ? decimal(gross) : "")
                        .append(",1,").append(currency).append(',').append(net < 0 ? decimal(-net) : "").append(',')
                        .append(net > 0 ? decimal(net) : "").append(',')
                        .append(line.type() == SettlementType.FEE ? "" : decimal(line.fee())).append(",,,,visa,42\n");
            }
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String decimal(long minorUnits) {
        return BigDecimal.valueOf(minorUnits, 2).toPlainString();
    }

    /** Payrail's records as the server's database would answer, from a list. */
    static final class InMemoryRecords implements SettlementMatcher.Records {
        final Set<String> matched = new HashSet<>();
        private final List<RecordedItem> items;
        private final Map<String, RecordedItem> byProvider = new HashMap<>();
        private final Map<String, RecordedItem> byMerchant = new HashMap<>();

        InMemoryRecords(List<RecordedItem> items) {
            this.items = items;
            items.forEach(i -> {
                byProvider.put(i.type() + i.providerReference(), i);
                byMerchant.put(i.type() + i.merchantReference(), i);
            });
        }

        @Override
        public Optional<RecordedItem> byProviderReference(SettlementType type, String reference) {
            return Optional.ofNullable(byProvider.get(type + reference));
        }

        @Override
        public Optional<RecordedItem> byMerchantReference(SettlementType type, String reference) {
            return Optional.ofNullable(byMerchant.get(type + reference));
        }

        @Override
        public Optional<RecordedItem> byAmount(SettlementType type, CurrencyCode currency, long amount, Instant around, Duration window) {
            return items.stream().filter(i -> i.type() == type && i.currency().equals(currency) && i.amount() == amount
                            && !matched.contains(i.id()) && Duration.between(i.recordedAt(), around).abs().compareTo(window) <= 0)
                    .findFirst();
        }
    }
}
