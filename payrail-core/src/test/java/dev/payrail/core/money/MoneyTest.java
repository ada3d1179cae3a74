package dev.payrail.core.money;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void currencies_carry_their_iso_4217_exponent() {
        assertThat(CurrencyCode.of("JPY").exponent()).isZero();
        assertThat(CurrencyCode.of("usd").exponent()).isEqualTo(2);
        assertThat(CurrencyCode.of("KWD").exponent()).isEqualTo(3);
        assertThat(CurrencyCode.of("BHD").exponent()).isEqualTo(3);
    }

    @Test
    void unknown_and_unitless_codes_are_not_currencies() {
        assertThat(CurrencyCode.parse("XYZ")).isEmpty();
        assertThat(CurrencyCode.parse("US")).isEmpty();
        assertThat(CurrencyCode.parse("XAU")).as("gold has no minor unit").isEmpty();
        assertThat(CurrencyCode.parse(null)).isEmpty();
    }

    @Test
    void adding_two_currencies_is_refused() {
        assertThatThrownBy(() -> Money.of(100, "USD").plus(Money.of(100, "EUR")))
                .isInstanceOf(CurrencyMismatchException.class)
                .hasMessageContaining("USD").hasMessageContaining("EUR");
    }

    @Test
    void comparing_two_currencies_is_refused() {
        assertThatThrownBy(() -> Money.of(100, "USD").greaterThan(Money.of(1, "JPY")))
                .isInstanceOf(CurrencyMismatchException.class);
    }

    @Test
    void overflow_is_refused_instead_of_wrapping() {
        assertThatThrownBy(() -> Money.of(Long.MAX_VALUE, "USD").plus(Money.of(1, "USD")))
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Money.of(Long.MIN_VALUE, "USD").minus(Money.of(1, "USD")))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void display_uses_the_currency_exponent() {
        assertThat(Money.of(1234, "USD").display()).isEqualTo("12.34 USD");
        assertThat(Money.of(5, "USD").display()).isEqualTo("0.05 USD");
        assertThat(Money.of(1000, "JPY").display()).isEqualTo("1000 JPY");
        assertThat(Money.of(1500, "KWD").display()).isEqualTo("1.500 KWD");
        assertThat(Money.of(-7, "BHD").display()).isEqualTo("-0.007 BHD");
    }
}
