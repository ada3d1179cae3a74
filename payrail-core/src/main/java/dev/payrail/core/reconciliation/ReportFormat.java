package dev.payrail.core.reconciliation;

import dev.payrail.core.money.CurrencyCode;

import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The settlement report formats Payrail reads, each as its provider documents it:
 * Stripe's itemized payout reconciliation report and Adyen's Settlement details report.
 */
public enum ReportFormat {
    STRIPE_PAYOUT_RECONCILIATION("stripe", Set.of("balance_transaction_id", "created_utc", "currency", "gross", "fee", "net",
            "reporting_category", "source_id")) {
        @Override
        SettlementRow row(CsvReader.Record r) {
            long line = r.line();
            CurrencyCode currency = currency(r.require("currency"), line);
            String category = r.require("reporting_category").toLowerCase(Locale.ROOT);
            SettlementType type = switch (category) {
                case "charge" -> SettlementType.CAPTURE;
                case "refund" -> SettlementType.REFUND;
                case "dispute" -> SettlementType.CHARGEBACK;
                case "dispute_reversal" -> SettlementType.CHARGEBACK_REVERSAL;
                case "fee", "network_cost", "other_adjustment" -> SettlementType.FEE;
                case "payout" -> SettlementType.PAYOUT;
                default -> SettlementType.OTHER;
            };
            String source = r.require("source_id");
            String intent = r.get("payment_intent_id").orElse(null);
            String providerReference = switch (type) {
                case CAPTURE -> intent != null ? intent : source;
                case PAYOUT -> r.get("automatic_payout_id").orElse(source);
                default -> source;
            };
            long gross = ReportAmounts.minorUnits(r.require("gross"), currency, line, "gross");
            long fee = ReportAmounts.minorUnits(r.get("fee").orElse(""), currency, line, "fee");
            long net = ReportAmounts.minorUnits(r.require("net"), currency, line, "net");
            if (type == SettlementType.FEE && fee == 0) {
                fee = -gross; // a fee row carries what was taken as a negative gross
            }
            return new SettlementRow(line, provider(), type, r.require("balance_transaction_id"), providerReference, intent,
                    r.get("payment_metadata[payrail_payment]").orElse(null), currency, gross, fee, net,
                    time(r.require("created_utc"), ZoneOffset.UTC, line), r.get("automatic_payout_id").orElse(null));
        }
    },

    ADYEN_SETTLEMENT_DETAILS("adyen", Set.of("Psp Reference", "Merchant Reference", "Creation Date", "Type", "Gross Currency",
            "Gross Debit (GC)", "Gross Credit (GC)", "Net Debit (NC)", "Net Credit (NC)", "Batch Number")) {
        private static final Map<String, ZoneId> ZONES = Map.of("CET", ZoneId.of("Europe/Amsterdam"),
                "CEST", ZoneId.of("Europe/Amsterdam"), "PST", ZoneId.of("America/Los_Angeles"), "UTC", ZoneOffset.UTC);

        @Override
        SettlementRow row(CsvReader.Record r) {
            long line = r.line();
            String recordType = r.require("Type");
            SettlementType type = switch (recordType) {
                case "Settled", "SettledBulk" -> SettlementType.CAPTURE;
                case "Refunded", "RefundedBulk" -> SettlementType.REFUND;
                case "Chargeback" -> SettlementType.CHARGEBACK;
                case "ChargebackReversed" -> SettlementType.CHARGEBACK_REVERSAL;
                case "Fee", "InvoiceDeduction", "MiscCosts" -> SettlementType.FEE;
                case "MerchantPayout" -> SettlementType.PAYOUT;
                default -> SettlementType.OTHER;
            };
            CurrencyCode currency = currency(r.require("Gross Currency"), line);
            CurrencyCode netCurrency = r.get("Net Currency").map(c -> currency(c, line)).orElse(currency);
            long gross = amount(r, "Gross Credit (GC)", currency) - amount(r, "Gross Debit (GC)", currency);
            long net = amount(r, "Net Credit (NC)", netCurrency) - amount(r, "Net Debit (NC)", netCurrency);
            long fee = amount(r, "Commission (NC)", netCurrency) + amount(r, "Markup (NC)", netCurrency)
                    + amount(r, "Scheme Fees (NC)", netCurrency) + amount(r, "Interchange (NC)", netCurrency);
            if (type == SettlementType.FEE && fee == 0) {
                fee = -net; // a fee row carries its amount as a net debit
            }
            String psp = r.require("Psp Reference");
            String modification = r.get("Modification Reference").orElse(null);
            String providerReference = type == SettlementType.REFUND && modification != null ? modification : psp;
            ZoneId zone = r.get("TimeZone").map(z -> ZONES.getOrDefault(z, zoneOf(z, line))).orElse(ZoneOffset.UTC);
            return new SettlementRow(line, provider(), type, psp + ":" + recordType + ":" + (modification == null ? "" : modification),
                    providerReference, psp, r.get("Merchant Reference").orElse(null), currency, gross, fee, net,
                    time(r.require("Creation Date"), zone, line), r.require("Batch Number"));
        }

        private long amount(CsvReader.Record r, String column, CurrencyCode currency) {
            return ReportAmounts.minorUnits(r.get(column).orElse(""), currency, r.line(), column);
        }
    };

    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String provider;
    private final Set<String> requiredColumns;

    ReportFormat(String provider, Set<String> requiredColumns) {
        this.provider = provider;
        this.requiredColumns = requiredColumns;
    }

    /** The provider type whose reports these are ("stripe", "adyen"). */
    public String provider() {
        return provider;
    }

    /** Opens a report: the header is checked now, rows are read as they are asked for. */
    public SettlementReportReader open(InputStream bytes) {
        CsvReader csv = new CsvReader(bytes);
        csv.requireColumns(requiredColumns);
        return new SettlementReportReader(csv, this);
    }

    abstract SettlementRow row(CsvReader.Record record);

    static CurrencyCode currency(String raw, long line) {
        return CurrencyCode.parse(raw).orElseThrow(() -> new MalformedReportException(line, "unknown currency " + raw));
    }

    static ZoneId zoneOf(String raw, long line) {
        try {
            return ZoneId.of(raw);
        } catch (RuntimeException e) {
            throw new MalformedReportException(line, "unknown time zone " + raw);
        }
    }

    /** "2026-11-24 13:45:00", "2026-11-24T13:45:00Z" or a date alone, in {@code zone} unless it says otherwise. */
    static Instant time(String raw, ZoneId zone, long line) {
        try {
            if (raw.endsWith("Z") || raw.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return java.time.OffsetDateTime.parse(raw.replace(' ', 'T')).toInstant();
            }
            if (raw.length() == 10) {
                return LocalDate.parse(raw).atStartOfDay(zone).toInstant();
            }
            return LocalDateTime.parse(raw.replace('T', ' '), SPACED).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedReportException(line, "not a date and time: " + raw);
        }
    }
}
