package dev.payrail.core.risk;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses and type-checks a rule condition, Radar's way of writing one:
 * <pre>
 * condition  := or
 * or         := and ("or" and)*
 * and        := unary ("and" unary)*
 * unary      := "not" unary | "(" or ")" | "is_missing" "(" attribute ")" | comparison
 * comparison := attribute ( op (attribute | literal) | "in" "(" literal ("," literal)* ")" )
 * op         := "=" | "!=" | "<" | "<=" | ">" | ">="
 * literal    := number | 'string' | true | false          attribute := ":name:"
 * </pre>
 * Keywords in any case. Refused, with the position: an attribute the catalogue does not know ({@link RiskAttributes}),
 * sides of different types, an ordering of strings or booleans, a text over {@value #MAX_LENGTH} characters or nested
 * deeper than {@value #MAX_DEPTH}. Numbers are exact decimals.
 */
public final class RuleParser {
    static final int MAX_LENGTH = 2_000;
    static final int MAX_DEPTH = 32;

    private final List<Token> tokens;
    private int next;
    private int depth;

    private RuleParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    public static RuleExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new RuleSyntaxException("The condition is empty", 0);
        }
        if (text.length() > MAX_LENGTH) {
            throw new RuleSyntaxException("The condition is longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        RuleParser parser = new RuleParser(RuleLexer.tokens(text));
        RuleExpression expression = parser.or();
        Token extra = parser.peek();
        if (extra.kind() != Token.Kind.END) {
            throw new RuleSyntaxException("Unexpected '" + extra.text() + "'", extra.position());
        }
        return expression;
    }

    private RuleExpression or() {
        RuleExpression left = and();
        while (keyword("or")) {
            left = new RuleExpression.Or(left, and());
        }
        return left;
    }

    private RuleExpression and() {
        RuleExpression left = unary();
        while (keyword("and")) {
            left = new RuleExpression.And(left, unary());
        }
        return left;
    }

    private RuleExpression unary() {
        Token token = peek();
        if (++depth > MAX_DEPTH) {
            throw new RuleSyntaxException("The condition is nested deeper than " + MAX_DEPTH, token.position());
        }
        try {
            if (keyword("not")) {
                return new RuleExpression.Not(unary());
            }
            if (token.kind() == Token.Kind.OPEN) {
                next++;
                RuleExpression inner = or();
                expect(Token.Kind.CLOSE, "')'");
                return inner;
            }
            if (keyword("is_missing")) {
                expect(Token.Kind.OPEN, "'(' after is_missing");
                RuleExpression.Attribute attribute = attribute();
                expect(Token.Kind.CLOSE, "')'");
                return new RuleExpression.IsMissing(attribute);
            }
            return comparison();
        } finally {
            depth--;
        }
    }

    private RuleExpression comparison() {
        int at = peek().position();
        RuleExpression.Attribute attribute = attribute();
        RiskAttributes.Type type = typeOf(attribute, at);
        if (keyword("in")) {
            expect(Token.Kind.OPEN, "'(' after in");
            List<Object> values = new ArrayList<>();
            do {
                Token literal = peek();
                values.add(literal(type, literal));
            } while (accept(Token.Kind.COMMA));
            expect(Token.Kind.CLOSE, "')'");
            return new RuleExpression.In(attribute, values);
        }
        Token op = peek();
        if (op.kind() != Token.Kind.OPERATOR) {
            throw new RuleSyntaxException("Expected a comparison (=, !=, <, <=, >, >=, in) after " + attribute.text(), op.position());
        }
        next++;
        RuleExpression.Operator operator = operator(op);
        if (operator.ordering() && type != RiskAttributes.Type.NUMBER) {
            throw new RuleSyntaxException(attribute.text() + " is a " + name(type) + ": it can be compared with = and != only",
                    op.position());
        }
        Token right = peek();
        RuleExpression.Operand other;
        if (right.kind() == Token.Kind.ATTRIBUTE) {
            RuleExpression.Attribute second = attribute();
            RiskAttributes.Type otherType = typeOf(second, right.position());
            if (otherType != type) {
                throw new RuleSyntaxException(attribute.text() + " is a " + name(type) + " and " + second.text() + " a "
                        + name(otherType), right.position());
            }
            other = second;
        } else {
            other = new RuleExpression.Literal(literal(type, right));
        }
        return new RuleExpression.Compare(attribute, operator, other);
    }

    private Object literal(RiskAttributes.Type type, Token token) {
        Object value = switch (token.kind()) {
            case NUMBER -> new BigDecimal(token.text());
            case STRING -> token.text();
            case WORD -> switch (token.text().toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> null;
            };
            default -> null;
        };
        if (value == null) {
            throw new RuleSyntaxException("Expected a value (a number, a 'string', true or false)", token.position());
        }
        RiskAttributes.Type literalType = value instanceof BigDecimal ? RiskAttributes.Type.NUMBER
                : value instanceof String ? RiskAttributes.Type.STRING : RiskAttributes.Type.BOOLEAN;
        if (literalType != type) {
            throw new RuleSyntaxException("Expected a " + name(type) + ", not a " + name(literalType), token.position());
        }
        next++;
        return value;
    }

    private RuleExpression.Attribute attribute() {
        Token token = peek();
        if (token.kind() != Token.Kind.ATTRIBUTE) {
            throw new RuleSyntaxException("Expected an attribute such as :amount_in_usd:", token.position());
        }
        next++;
        return new RuleExpression.Attribute(token.text());
    }

    private static RiskAttributes.Type typeOf(RuleExpression.Attribute attribute, int position) {
        return RiskAttributes.named(attribute.name()).map(RiskAttributes.Attribute::type)
                .orElseThrow(() -> new RuleSyntaxException("Unknown attribute " + attribute.text(), position));
    }

    private static RuleExpression.Operator operator(Token token) {
        for (RuleExpression.Operator operator : RuleExpression.Operator.values()) {
            if (operator.symbol.equals(token.text())) {
                return operator;
            }
        }
        throw new RuleSyntaxException("Unknown operator " + token.text(), token.position());
    }

    private boolean keyword(String word) {
        Token token = peek();
        if (token.kind() == Token.Kind.WORD && token.text().equalsIgnoreCase(word)) {
            next++;
            return true;
        }
        return false;
    }

    private boolean accept(Token.Kind kind) {
        if (peek().kind() == kind) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(Token.Kind kind, String what) {
        Token token = peek();
        if (token.kind() != kind) {
            throw new RuleSyntaxException("Expected " + what, token.position());
        }
        next++;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private static String name(RiskAttributes.Type type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
