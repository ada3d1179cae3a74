package dev.payrail.core.risk;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Generated conditions and facts: the printed form reads back the same, and the evaluator keeps logic's laws. */
class RuleExpressionPropertiesTest {
    private static final List<String> NUMBERS = List.of("amount_in_usd", "card_attempts_1h", "risk_score");
    private static final List<String> STRINGS = List.of("card_country", "ip_country", "email_domain");
    private static final List<String> COUNTRIES = List.of("US", "DE", "BR", "it's");

    @Property(tries = 500)
    void the_canonical_text_parses_back_to_the_same_condition(@ForAll("conditions") RuleExpression condition) {
        assertThat(RuleParser.parse(condition.text())).isEqualTo(condition);
    }

    @Property(tries = 500)
    void evaluation_keeps_de_morgans_laws_and_double_negation(@ForAll("conditions") RuleExpression a,
                                                               @ForAll("conditions") RuleExpression b,
                                                               @ForAll("facts") RiskFacts facts) {
        assertThat(new RuleExpression.Not(new RuleExpression.And(a, b)).test(facts))
                .isEqualTo(new RuleExpression.Or(new RuleExpression.Not(a), new RuleExpression.Not(b)).test(facts));
        assertThat(new RuleExpression.Not(new RuleExpression.Not(a)).test(facts)).isEqualTo(a.test(facts));
        assertThat(RuleParser.parse(a.text()).test(facts)).isEqualTo(a.test(facts));
    }

    @Property(tries = 300)
    void a_comparison_on_a_missing_attribute_is_false(@ForAll("leaves") RuleExpression leaf) {
        RiskFacts nothing = RiskFacts.builder().build();
        assertThat(leaf.test(nothing)).isEqualTo(leaf instanceof RuleExpression.IsMissing);
    }

    @Property(tries = 1000)
    void any_text_is_a_condition_or_a_syntax_error_never_a_crash(@ForAll("texts") String text) {
        try {
            RuleExpression parsed = RuleParser.parse(text);
            assertThat(RuleParser.parse(parsed.text())).isEqualTo(parsed);
        } catch (RuleSyntaxException refused) {
            assertThat(refused.position()).isBetween(0, text.length());
        }
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> pieces = Arbitraries.of(":amount:", ":card_country:", ":nope:", ":is_off_session:", " and ", " or ",
                "not ", "(", ")", " = ", " != ", " < ", " >= ", " in ", ",", "'US'", "'", "12", "-3.5", "true", "is_missing",
                ":", "!", " ", "x");
        return pieces.list().ofMaxSize(14).map(list -> String.join("", list));
    }

    @Provide
    Arbitrary<RuleExpression> conditions() {
        return condition(3);
    }

    private Arbitrary<RuleExpression> condition(int depth) {
        if (depth == 0) {
            return leaves();
        }
        Arbitrary<RuleExpression> smaller = Arbitraries.lazy(() -> condition(depth - 1));
        return Arbitraries.oneOf(leaves(), leaves(),
                Combinators.combine(smaller, smaller).as(RuleExpression.And::new),
                Combinators.combine(smaller, smaller).as(RuleExpression.Or::new),
                smaller.map(RuleExpression.Not::new));
    }

    @Provide
    Arbitrary<RuleExpression> leaves() {
        Arbitrary<RuleExpression.Attribute> number = Arbitraries.of(NUMBERS).map(RuleExpression.Attribute::new);
        Arbitrary<RuleExpression.Attribute> string = Arbitraries.of(STRINGS).map(RuleExpression.Attribute::new);
        Arbitrary<RuleExpression.Operand> numberOperand = Arbitraries.oneOf(number.map(a -> a),
                numbers().map(RuleExpression.Literal::new));
        Arbitrary<RuleExpression.Operand> stringOperand = Arbitraries.oneOf(string.map(a -> a),
                Arbitraries.of(COUNTRIES).map(RuleExpression.Literal::new));
        return Arbitraries.oneOf(
                Combinators.combine(number, Arbitraries.of(RuleExpression.Operator.values()), numberOperand)
                        .as(RuleExpression.Compare::new),
                Combinators.combine(string, Arbitraries.of(RuleExpression.Operator.EQ, RuleExpression.Operator.NE), stringOperand)
                        .as(RuleExpression.Compare::new),
                Arbitraries.of(true, false).map(v -> new RuleExpression.Compare(new RuleExpression.Attribute("is_off_session"),
                        RuleExpression.Operator.EQ, new RuleExpression.Literal(v))),
                Combinators.combine(string, Arbitraries.of(COUNTRIES).list().ofMinSize(1).ofMaxSize(3))
                        .as((a, values) -> new RuleExpression.In(a, List.copyOf(values))),
                Arbitraries.oneOf(number, string).map(RuleExpression.IsMissing::new));
    }

    @Provide
    Arbitrary<RiskFacts> facts() {
        return Combinators.combine(numbers().optional(), numbers().optional(), Arbitraries.of(COUNTRIES).optional(),
                        Arbitraries.of(COUNTRIES).optional(), Arbitraries.of(true, false).optional())
                .as((usd, attempts, card, ip, offSession) -> {
                    RiskFacts.Builder b = RiskFacts.builder();
                    usd.ifPresent(v -> b.number("amount_in_usd", v));
                    attempts.ifPresent(v -> b.number("card_attempts_1h", v));
                    card.ifPresent(v -> b.string("card_country", v));
                    ip.ifPresent(v -> b.string("ip_country", v));
                    offSession.ifPresent(v -> b.bool("is_off_session", v));
                    return b.build();
                });
    }

    private static Arbitrary<BigDecimal> numbers() {
        return Arbitraries.of("0", "1", "5", "1000", "1000.00", "-2.5", "0.30").map(BigDecimal::new);
    }
}
