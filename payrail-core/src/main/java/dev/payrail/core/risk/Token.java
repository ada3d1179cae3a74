package dev.payrail.core.risk;

/** One token of a rule's text, where it starts: what {@link RuleLexer} cuts and {@link RuleParser} reads. */
record Token(Kind kind, String text, int position) {
    enum Kind { ATTRIBUTE, NUMBER, STRING, WORD, OPERATOR, OPEN, CLOSE, COMMA, END }
}
