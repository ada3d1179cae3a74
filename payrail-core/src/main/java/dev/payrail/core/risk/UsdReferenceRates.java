package dev.payrail.core.risk;

import dev.payrail.core.money.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code :amount_in_usd:} is computed with: one US-dollar value per unit of each currency, fixed and published
 * (docs/risk.md), so that a rule's threshold means the same thing today and in a backtest next month. These are
 * reference rates for risk only, rounded to four significant places; no money is ever converted with them. A currency
 * not listed has no {@code amount_in_usd} (missing, for the rules).
 */
public final class UsdReferenceRates {
    /** US dollars per one major unit (2026-11 averages, rounded). */
    static final Map<String, BigDecimal> RATES = Map.ofEntries(
            Map.entry("USD", new BigDecimal("1")),
            Map.entry("EUR", new BigDecimal("1.080")),
            Map.entry("GBP", new BigDecimal("1.270")),
            Map.entry("CHF", new BigDecimal("1.130")),
            Map.entry("CAD", new BigDecimal("0.7300")),
            Map.entry("AUD", new BigDecimal("0.6600")),
            Map.entry("NZD", new BigDecimal("0.6000")),
            Map.entry("SEK", new BigDecimal("0.09500")),
            Map.entry("NOK", new BigDecimal("0.09300")),
            Map.entry("DKK", new BigDecimal("0.1450")),
            Map.entry("PLN", new BigDecimal("0.2500")),
            Map.entry("CZK", new BigDecimal("0.04300")),
            Map.entry("JPY", new BigDecimal("0.006600")),
            Map.entry("KRW", new BigDecimal("0.0007300")),
            Map.entry("CNY", new BigDecimal("0.1380")),
            Map.entry("HKD", new BigDecimal("0.1280")),
            Map.entry("SGD", new BigDecimal("0.7400")),
            Map.entry("INR", new BigDecimal("0.01190")),
            Map.entry("BRL", new BigDecimal("0.1800")),
            Map.entry("MXN", new BigDecimal("0.05500")),
            Map.entry("ZAR", new BigDecimal("0.05400")),
            Map.entry("BHD", new BigDecimal("2.650")),
            Map.entry("KWD", new BigDecimal("3.250")),
            Map.entry("JOD", new BigDecimal("1.410")),
            Map.entry("OMR", new BigDecimal("2.600")),
            Map.entry("TND", new BigDecimal("0.3200")));

    private UsdReferenceRates() {
    }

    /** The amount in US dollars (major units, to the cent, half up), or empty for a currency without a rate. */
    public static Optional<BigDecimal> inUsd(Money amount) {
        BigDecimal rate = RATES.get(amount.currency().code());
        if (rate == null) {
            return Optional.empty();
        }
        return Optional.of(BigDecimal.valueOf(amount.minorUnits(), amount.currency().exponent()).multiply(rate)
                .setScale(2, RoundingMode.HALF_UP));
    }
}
