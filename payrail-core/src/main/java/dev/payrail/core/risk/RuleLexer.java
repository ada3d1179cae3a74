package dev.payrail.core.risk;

import java.util.ArrayList;
import java.util.List;

/** Cuts a rule's text into tokens: {@code :attribute:}, numbers, {@code 'strings'} ('' for a quote), words, operators. */
final class RuleLexer {
    private RuleLexer() {
    }

    static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == ':') {
                int end = text.indexOf(':', i + 1);
                String name = end < 0 ? "" : text.substring(i + 1, end);
                if (end < 0 || !name.matches("[a-z0-9_]+")) {
                    throw new RuleSyntaxException("An attribute is written :name: (lower case letters, digits, _)", start);
                }
                tokens.add(new Token(Token.Kind.ATTRIBUTE, name, start));
                i = end + 1;
            } else if (c == '\'') {
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new RuleSyntaxException("A string is not closed with '", start);
                    }
                    if (text.charAt(i) == '\'') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                            value.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.append(text.charAt(i++));
                }
                tokens.add(new Token(Token.Kind.STRING, value.toString(), start));
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
                i++;
                while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
                String number = text.substring(start, i);
                if (!number.matches("-?\\d+(\\.\\d+)?")) {
                    throw new RuleSyntaxException("Not a number: " + number, start);
                }
                tokens.add(new Token(Token.Kind.NUMBER, number, start));
            } else if (Character.isLetter(c)) {
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Token.Kind.WORD, text.substring(start, i), start));
            } else if ("=!<>".indexOf(c) >= 0) {
                i++;
                if (i < text.length() && text.charAt(i) == '=') {
                    i++;
                }
                String op = text.substring(start, i);
                if (op.equals("!")) {
                    throw new RuleSyntaxException("Write != for 'not equal', or not for a negation", start);
                }
                tokens.add(new Token(Token.Kind.OPERATOR, op, start));
            } else if (c == '(' || c == ')' || c == ',') {
                tokens.add(new Token(c == '(' ? Token.Kind.OPEN : c == ')' ? Token.Kind.CLOSE : Token.Kind.COMMA, String.valueOf(c), start));
                i++;
            } else {
                throw new RuleSyntaxException("Unexpected character '" + c + "'", start);
            }
        }
        tokens.add(new Token(Token.Kind.END, "end of the condition", text.length()));
        return tokens;
    }
}
