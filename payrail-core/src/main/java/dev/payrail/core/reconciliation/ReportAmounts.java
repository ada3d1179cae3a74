package dev.payrail.core.reconciliation;

import dev.payrail.core.money.CurrencyCode;

import java.math.BigDecimal;

/** Decimal amounts of reports ("12.34", "-0.5", "1000") as exact minor units of their currency. */
final class ReportAmounts {
    private ReportAmounts() {
    }

    /** Blank is zero; more decimals than the currency has, or anything not a number, is malformed. */
    static long minorUnits(String raw, CurrencyCode currency, long line, String column) {
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        String text = raw.strip();
        if (!text.matches("[-+]?\\d{1,15}(\\.\\d{1,6})?")) {
            throw new MalformedReportException(line, "'" + column + "' is not an amount: " + text);
        }
        BigDecimal value = new BigDecimal(text);
        try {
            return value.movePointRight(currency.exponent()).longValueExact();
        } catch (ArithmeticException notWhole) {
            throw new MalformedReportException(line, "'" + column + "' has more decimals than " + currency.code() + " allows: " + text);
        }
    }
}
