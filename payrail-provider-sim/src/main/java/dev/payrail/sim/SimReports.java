package dev.payrail.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Settlement reports of what the simulator processed, in the provider's own format, with discrepancies
 * injected on request so that a reconciliation can be checked against a known answer.
 *
 * <pre>
 * GET /sim/reports/settlement?face=stripe|adyen[&since=epoch millis][&inject=drop,amount,currency,duplicate,unknown,late,fee]
 *   -> {"format": ..., "csv": "...", "injected": {"amount_mismatch": "pi_...", ...}}
 * </pre>
 * Each injection takes the next capture row in order: {@code drop} leaves it out, {@code amount} adds 1.00,
 * {@code currency} reports another currency, {@code duplicate} writes it twice, {@code late} books it ten
 * days later, {@code fee} adds 0.07 to the fee; {@code unknown} adds a capture nobody asked for. Fees follow
 * the simulated provider's schedule: 1.5% + 0.10 (Stripe face), 1.2% + 0.12 (Adyen face).
 */
final class SimReports {
    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** One report row; {@code category} is Stripe's reporting category (charge, refund, dispute). */
    private record Line(String rowId, String category, String reference, String payment, String merchantReference,
                        String modification, String currency, long gross, long fee, Instant booked) {
        Line with(String newCurrency, long newGross, long newFee, Instant newBooked) {
            return new Line(rowId, category, reference, payment, merchantReference, modification, newCurrency, newGross, newFee, newBooked);
        }

        boolean capture() {
            return "charge".equals(category);
        }
    }

    private final StripeFace stripe;
    private final AdyenFace adyen;

    SimReports(StripeFace stripe, AdyenFace adyen) {
        this.stripe = stripe;
        this.adyen = adyen;
    }

    SimResponse settlement(Map<String, String> query) {
        String face = query.getOrDefault("face", "stripe");
        if (!List.of("stripe", "adyen").contains(face)) {
            return SimResponse.error(400, "invalid_request", "parameter_invalid", "face must be stripe or adyen");
        }
        boolean isStripe = "stripe".equals(face);
        long since = Long.parseLong(query.getOrDefault("since", "0"));
        Instant now = Instant.now();
        List<Line> lines = new ArrayList<>();
        if (isStripe) {
            for (StripeFace.Settled s : stripe.settled()) {
                if (s.createdMillis() < since) {
                    continue;
                }
                boolean capture = "charge".equals(s.category());
                lines.add(new Line(s.balanceTransaction(), s.category(), capture ? s.paymentIntent() : s.source(), s.paymentIntent(),
                        null, null, s.currency(), s.gross(), capture ? fee(true, s.gross()) : 0, now));
            }
        } else {
            for (Authorization auth : adyen.payments) {
                if (auth.capturedAmount > 0 && auth.createdMillis >= since) {
                    lines.add(new Line(auth.id + ":Settled", "charge", auth.id, auth.id, auth.paymentReference, null, auth.currency,
                            auth.capturedAmount, fee(false, auth.capturedAmount), now));
                }
            }
            for (AdyenFace.SettledRefund refund : adyen.settledRefunds) {
                if (refund.createdMillis() < since) {
                    continue;
                }
                lines.add(new Line(refund.pspReference() + ":Refunded", "refund", refund.pspReference(), refund.payment().id,
                        refund.reference(), refund.pspReference(), refund.payment().currency, -refund.amount(), 0, now));
            }
        }
        Map<String, String> injected = new LinkedHashMap<>();
        List<Line> out = new ArrayList<>(lines);
        int next = 0;
        for (String injection : query.getOrDefault("inject", "").split(",")) {
            if (injection.isBlank()) {
                continue;
            }
            if ("unknown".equals(injection)) {
                // base 36: a bare 13-digit number could pass for a card number in a leak scan
                String reference = (isStripe ? "pi_unknown_" : "psp_unknown_") + Long.toString(now.toEpochMilli(), 36);
                String rowId = isStripe ? "txn_" + reference : reference + ":Settled";
                out.add(new Line(rowId, "charge", reference, reference, "pay_unknown", null, "usd", 777_777, fee(isStripe, 777_777), now));
                injected.put("missing_in_payrail", reference);
                continue;
            }
            int index = indexOfCapture(out, next);
            if (index < 0) {
                return SimResponse.error(400, "invalid_request", "not_enough_rows", "not enough captures to inject " + injection);
            }
            Line line = out.get(index);
            next = index + 1;
            switch (injection) {
                case "drop" -> {
                    out.remove(index);
                    next = index;
                    injected.put("missing_in_report", line.reference());
                }
                case "amount" -> {
                    out.set(index, line.with(line.currency(), line.gross() + 100, fee(isStripe, line.gross() + 100), line.booked()));
                    injected.put("amount_mismatch", line.reference());
                }
                case "currency" -> {
                    out.set(index, line.with("usd".equals(line.currency()) ? "eur" : "usd", line.gross(), line.fee(), line.booked()));
                    injected.put("currency_mismatch", line.reference());
                }
                case "duplicate" -> {
                    out.add(index + 1, line);
                    next = index + 2;
                    injected.put("duplicate_in_report", line.reference());
                }
                case "late" -> {
                    out.set(index, line.with(line.currency(), line.gross(), line.fee(), line.booked().plus(Duration.ofDays(10))));
                    injected.put("late_settlement", line.reference());
                }
                case "fee" -> {
                    out.set(index, line.with(line.currency(), line.gross(), line.fee() + 7, line.booked()));
                    injected.put("fee_mismatch", line.reference());
                }
                default -> {
                    return SimResponse.error(400, "invalid_request", "parameter_invalid", "unknown injection " + injection);
                }
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("format", isStripe ? "stripe_payout_reconciliation" : "adyen_settlement_details");
        answer.put("csv", isStripe ? stripeCsv(out) : adyenCsv(out));
        answer.put("injected", injected);
        return SimResponse.ok(answer);
    }

    private static int indexOfCapture(List<Line> lines, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).capture()) {
                return i;
            }
        }
        return -1;
    }

    /** The simulated provider's fee on a capture, in minor units. */
    private static long fee(boolean isStripe, long gross) {
        long basisPoints = isStripe ? 150 : 120;
        long fixed = isStripe ? 10 : 12;
        return BigDecimal.valueOf(gross).multiply(BigDecimal.valueOf(basisPoints))
                .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_UP).longValueExact() + fixed;
    }

    private static String stripeCsv(List<Line> lines) {
        StringBuilder csv = new StringBuilder("balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,"
                + "reporting_category,source_id,description,payment_intent_id\n");
        for (Line l : lines) {
            csv.append(l.rowId()).append(',').append(SPACED.format(l.booked())).append(',').append(SPACED.format(l.booked()))
                    .append(',').append(l.currency()).append(',').append(decimal(l.gross())).append(',').append(decimal(l.fee()))
                    .append(',').append(decimal(l.gross() - l.fee())).append(',').append(l.category()).append(',')
                    .append(l.capture() ? "ch_" + l.reference().substring(3) : l.reference()).append(",\"Payrail, simulated\",")
                    .append(l.payment() == null ? "" : l.payment()).append('\n');
        }
        return csv.toString();
    }

    private static String adyenCsv(List<Line> lines) {
        StringBuilder csv = new StringBuilder("Company Account,Merchant Account,Psp Reference,Merchant Reference,Payment Method,"
                + "Creation Date,TimeZone,Type,Modification Reference,Gross Currency,Gross Debit (GC),Gross Credit (GC),"
                + "Exchange Rate,Net Currency,Net Debit (NC),Net Credit (NC),Commission (NC),Markup (NC),Scheme Fees (NC),"
                + "Interchange (NC),Payment Method Variant,Batch Number\n");
        for (Line l : lines) {
            String currency = l.currency().toUpperCase(Locale.ROOT);
            long net = l.gross() - l.fee();
            csv.append("PayrailCo,PayrailECOM,").append(l.payment()).append(',')
                    .append(l.merchantReference() == null ? "" : l.merchantReference()).append(",visa,")
                    .append(SPACED.format(l.booked())).append(",UTC,").append(l.capture() ? "Settled" : "Refunded").append(',')
                    .append(l.modification() == null ? "" : l.modification()).append(',').append(currency).append(',')
                    .append(l.gross() < 0 ? decimal(-l.gross()) : "").append(',').append(l.gross() > 0 ? decimal(l.gross()) : "")
                    .append(",1,").append(currency).append(',').append(net < 0 ? decimal(-net) : "").append(',')
                    .append(net > 0 ? decimal(net) : "").append(',').append(l.fee() > 0 ? decimal(l.fee()) : "")
                    .append(",,,,visa,1\n");
        }
        return csv.toString();
    }

    private static String decimal(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }
}
