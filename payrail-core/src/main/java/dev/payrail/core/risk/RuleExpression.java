package dev.payrail.core.risk;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A parsed risk rule condition ({@link RuleParser}): a tree of {@code and}, {@code or}, {@code not}, comparisons of an
 * attribute with a literal or another attribute, {@code in} lists and {@code is_missing}. Evaluating it reads
 * {@link RiskFacts}; a comparison or {@code in} on a missing attribute is false (ask {@code is_missing} for that).
 * {@link #text} prints the canonical form, which parses back to the same tree.
 */
public sealed interface RuleExpression {

    boolean test(RiskFacts facts);

    String text();

    enum Operator {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        boolean ordering() {
            return this != EQ && this != NE;
        }
    }

    /** The right side of a comparison: a literal value, or another attribute. */
    sealed interface Operand {
        Optional<Object> value(RiskFacts facts);

        String text();
    }

    record Literal(Object value) implements Operand {
        public Optional<Object> value(RiskFacts facts) {
            return Optional.of(value);
        }

        public String text() {
            return literalText(value);
        }
    }

    record Attribute(String name) implements Operand {
        public Optional<Object> value(RiskFacts facts) {
            return facts.value(name);
        }

        public String text() {
            return ":" + name + ":";
        }
    }

    record And(RuleExpression left, RuleExpression right) implements RuleExpression {
        public boolean test(RiskFacts facts) {
            return left.test(facts) && right.test(facts);
        }

        public String text() {
            return "(" + left.text() + " and " + right.text() + ")";
        }
    }

    record Or(RuleExpression left, RuleExpression right) implements RuleExpression {
        public boolean test(RiskFacts facts) {
            return left.test(facts) || right.test(facts);
        }

        public String text() {
            return "(" + left.text() + " or " + right.text() + ")";
        }
    }

    record Not(RuleExpression inner) implements RuleExpression {
        public boolean test(RiskFacts facts) {
            return !inner.test(facts);
        }

        public String text() {
            return "not " + inner.text();
        }
    }

    record Compare(Attribute attribute, Operator operator, Operand other) implements RuleExpression {
        public boolean test(RiskFacts facts) {
            Optional<Object> left = attribute.value(facts);
            Optional<Object> right = other.value(facts);
            if (left.isEmpty() || right.isEmpty()) {
                return false;
            }
            int order = left.get() instanceof BigDecimal l ? l.compareTo((BigDecimal) right.get())
                    : left.get().equals(right.get()) ? 0 : 1;
            return switch (operator) {
                case EQ -> order == 0;
                case NE -> order != 0;
                case LT -> order < 0;
                case LE -> order <= 0;
                case GT -> order > 0;
                case GE -> order >= 0;
            };
        }

        public String text() {
            return attribute.text() + " " + operator.symbol + " " + other.text();
        }
    }

    record In(Attribute attribute, List<Object> values) implements RuleExpression {
        public In {
            values = List.copyOf(values);
        }

        public boolean test(RiskFacts facts) {
            Optional<Object> value = attribute.value(facts);
            return value.isPresent() && values.stream().anyMatch(v -> v instanceof BigDecimal d
                    ? d.compareTo((BigDecimal) value.get()) == 0 : v.equals(value.get()));
        }

        public String text() {
            return attribute.text() + " in (" + values.stream().map(RuleExpression::literalText).collect(Collectors.joining(", ")) + ")";
        }
    }

    record IsMissing(Attribute attribute) implements RuleExpression {
        public boolean test(RiskFacts facts) {
            return attribute.value(facts).isEmpty();
        }

        public String text() {
            return "is_missing(" + attribute.text() + ")";
        }
    }

    private static String literalText(Object value) {
        if (value instanceof BigDecimal number) {
            return number.toPlainString();
        }
        if (value instanceof String string) {
            return "'" + string.replace("'", "''") + "'";
        }
        return value.toString();
    }
}
