package dev.payrail.core.risk;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rule language as a merchant's risk analyst writes it, and the mistakes it refuses when a rule is saved. */
class RuleParserTest {
    private static RiskFacts facts(String usd, String cardCountry, String ipCountry) {
        RiskFacts.Builder b = RiskFacts.builder().number("amount_in_usd", new BigDecimal(usd)).string("card_country", cardCountry);
        if (ipCountry != null) {
            b.string("ip_country", ipCountry);
        }
        return b.build();
    }

    @Test
    void a_large_payment_from_another_country_than_the_cards_matches() {
        RuleExpression rule = RuleParser.parse(":amount_in_usd: > 1000 and :card_country: != :ip_country:");
        assertThat(rule.test(facts("1000.01", "US", "BR"))).isTrue();
        assertThat(rule.test(facts("1000", "US", "BR"))).as("not more than 1000").isFalse();
        assertThat(rule.test(facts("5000", "US", "US"))).isFalse();
        // a missing IP country is not "another country": the comparison is false; is_missing asks for it
        assertThat(rule.test(facts("5000", "US", null))).isFalse();
        assertThat(RuleParser.parse("is_missing(:ip_country:)").test(facts("5000", "US", null))).isTrue();
    }

    @Test
    void and_binds_tighter_than_or_keywords_are_any_case_and_parentheses_group() {
        assertThat(RuleParser.parse(":is_off_session: = true or :amount: > 5 and :amount: < 10")).isEqualTo(
                new RuleExpression.Or(RuleParser.parse(":is_off_session: = true"), RuleParser.parse(":amount: > 5 AND :amount: < 10")));
        assertThat(RuleParser.parse("NOT (:amount: > 5 Or :amount: < 1)").test(RiskFacts.builder().number("amount", 3).build())).isTrue();
    }

    @Test
    void numbers_are_exact_and_strings_escape_their_quote() {
        RiskFacts f = RiskFacts.builder().number("amount_in_usd", new BigDecimal("0.3")).string("email_domain", "o'neil.ie").build();
        // 0.1 + 0.2 is not 0.3 in floating point; here the literal is what it says
        assertThat(RuleParser.parse(":amount_in_usd: = 0.30").test(f)).isTrue();
        assertThat(RuleParser.parse(":amount_in_usd: >= 0.300001").test(f)).isFalse();
        assertThat(RuleParser.parse(":email_domain: = 'o''neil.ie'").test(f)).isTrue();
        assertThat(RuleParser.parse(":email_domain: in ('gmail.com', 'o''neil.ie')").test(f)).isTrue();
    }

    @Test
    void mistakes_are_refused_with_what_and_where() {
        assertRefused(":nope: = 1", "Unknown attribute :nope:", 0);
        assertRefused(":card_country: > 'US'", "can be compared with = and != only", 15);
        assertRefused(":amount: = 'ten'", "Expected a number, not a string", 11);
        assertRefused(":card_country: = :amount:", ":card_country: is a string and :amount: a number", 17);
        assertRefused(":amount: > 5 and", "Expected an attribute", 16);
        assertRefused(":amount: > 5 :amount: < 2", "Unexpected 'amount'", 13);
        assertRefused(":amount: ! 5", "Write != for 'not equal'", 9);
        assertRefused(":card_country: = 'US", "A string is not closed", 17);
        assertRefused(":Amount: = 1", "An attribute is written :name:", 0);
        assertRefused(":amount: == 1", "Unknown operator ==", 9);
        assertRefused(":amount: in ()", "Expected a value", 13);
        assertRefused("   ", "The condition is empty", 0);
        assertRefused("not ".repeat(40) + ":amount: > 1", "nested deeper than 32", 128);
        assertRefused(":amount: > 1 and ".repeat(200) + ":amount: > 1", "longer than 2000 characters", 2000);
    }

    @Test
    void the_canonical_text_reads_back_as_the_same_rule() {
        RuleExpression rule = RuleParser.parse("not :is_first_use_of_card: = false and (:ip_distinct_cards_1h: >= 5 or "
                + ":card_bin: in ('424242', '400000'))");
        assertThat(rule.text()).isEqualTo("(not :is_first_use_of_card: = false and (:ip_distinct_cards_1h: >= 5 or "
                + ":card_bin: in ('424242', '400000')))");
        assertThat(RuleParser.parse(rule.text())).isEqualTo(rule);
    }

    private static void assertRefused(String text, String message, int position) {
        assertThatThrownBy(() -> RuleParser.parse(text)).isInstanceOf(RuleSyntaxException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((RuleSyntaxException) e).position()).isEqualTo(position));
    }
}
