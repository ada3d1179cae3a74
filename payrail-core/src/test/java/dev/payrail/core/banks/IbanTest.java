package dev.payrail.core.banks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IbanTest {

    @Test
    void a_valid_iban_parses_with_spaces_and_lower_case_and_prints_masked() {
        Iban iban = Iban.parse("de89 3704 0044 0532 0130 00").orElseThrow();
        assertThat(iban.value()).isEqualTo("DE89370400440532013000");
        assertThat(iban.country()).isEqualTo("DE");
        assertThat(iban.last4()).isEqualTo("3000");
        assertThat(iban.toString()).isEqualTo("DE" + "*".repeat(16) + "3000").doesNotContain("37040044");
        assertThat(Iban.parse("NL91ABNA0417164300")).isPresent();
        assertThat(Iban.parse("FR1420041010050500013M02606")).isPresent();
    }

    @Test
    void an_iban_in_free_text_is_found_and_masked_grouped_or_not() {
        assertThat(Iban.appearsIn("please pay DE89 3704 0044 0532 0130 00 today")).isTrue();
        assertThat(Iban.appearsIn("iban=DE89370400440532013000")).isTrue();
        assertThat(Iban.appearsIn("order DE12 and ref AB99 nothing")).isFalse();
        assertThat(Iban.mask("refund to DE89 3704 0044 0532 0130 00 now")).isEqualTo("refund to DE" + "*".repeat(16) + "3000 now");
        assertThat(Iban.mask("no account here")).isEqualTo("no account here");
    }

    @Test
    void wrong_check_digits_lengths_countries_and_characters_are_refused() {
        assertThat(Iban.parse("DE88370400440532013000")).as("check digits").isEmpty();
        assertThat(Iban.parse("DE8937040044053201300")).as("length").isEmpty();
        assertThat(Iban.parse("US89370400440532013000")).as("not SEPA").isEmpty();
        assertThat(Iban.parse("DE89-3704-0044-0532-0130-00")).isEmpty();
        assertThat(Iban.parse("")).isEmpty();
        assertThat(Iban.parse(null)).isEmpty();
    }
}
