package dev.payrail.core.cards;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CardNumberTest {

    @Test
    void valid_numbers_are_parsed_with_brand_and_last4() {
        CardNumber visa = CardNumber.parse("4242 4242 4242 4242").orElseThrow();
        assertThat(visa.brand()).isEqualTo(CardBrand.VISA);
        assertThat(visa.last4()).isEqualTo("4242");
        assertThat(CardNumber.parse("5555555555554444").orElseThrow().brand()).isEqualTo(CardBrand.MASTERCARD);
        assertThat(CardNumber.parse("378282246310005").orElseThrow().brand()).isEqualTo(CardBrand.AMEX);
    }

    @Test
    void luhn_failures_and_wrong_lengths_are_rejected() {
        assertThat(CardNumber.parse("4242424242424241")).isEmpty();
        assertThat(CardNumber.parse("37828224631000")).as("amex with 14 digits").isEmpty();
        assertThat(CardNumber.parse("4242-abcd")).isEmpty();
        assertThat(CardNumber.parse("")).isEmpty();
    }

    @Test
    void to_string_never_shows_the_number() {
        CardNumber card = CardNumber.parse("4242424242424242").orElseThrow();
        assertThat(card.toString()).doesNotContain("424242424242").contains("4242");
        assertThat(new CardDetails(card, 12, 2030, "123").toString()).doesNotContain("424242424242").doesNotContain("123 ");
    }

    @Test
    void the_check_digit_is_the_one_that_makes_the_number_pass() {
        org.assertj.core.api.Assertions.assertThat(CardNumber.withCheckDigit("424242424242424")).isEqualTo("4242424242424242");
        org.assertj.core.api.Assertions.assertThat(CardNumber.withCheckDigit("37828224631000")).isEqualTo("378282246310005");
        org.assertj.core.api.Assertions.assertThat(CardNumber.passesLuhn(CardNumber.withCheckDigit("400000777701930"))).isTrue();
    }
}
