package dev.payrail.core.risk;

import dev.payrail.core.money.Money;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** amount_in_usd is exact to the cent for 0-, 2- and 3-decimal currencies, and missing where no rate is published. */
class UsdReferenceRatesTest {
    @Test
    void minor_units_are_read_with_their_currencys_exponent() {
        assertThat(UsdReferenceRates.inUsd(Money.of(1999, "USD"))).contains(new BigDecimal("19.99"));
        assertThat(UsdReferenceRates.inUsd(Money.of(10_000, "JPY"))).contains(new BigDecimal("66.00"));
        assertThat(UsdReferenceRates.inUsd(Money.of(1_000, "KWD"))).contains(new BigDecimal("3.25"));
        assertThat(UsdReferenceRates.inUsd(Money.of(1_000, "EUR"))).contains(new BigDecimal("10.80"));
    }

    @Test
    void a_currency_without_a_rate_has_no_amount_in_usd() {
        assertThat(UsdReferenceRates.inUsd(Money.of(1_000, "ISK"))).isEmpty();
        RiskSignals signals = new RiskSignals(Money.of(1_000, "ISK"), null, null, null, null, null, null, null, null, null,
                false, null, null, null, null);
        assertThat(signals.facts(java.util.Map.of()).value("amount_in_usd")).isEmpty();
        assertThat(signals.facts(java.util.Map.of()).value("amount")).contains(BigDecimal.valueOf(1_000));
    }
}
