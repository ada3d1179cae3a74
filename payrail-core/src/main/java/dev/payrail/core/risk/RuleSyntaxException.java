package dev.payrail.core.risk;

/** A rule that cannot be saved: what is wrong and where (a character offset in the rule's text, from 0). */
public final class RuleSyntaxException extends RuntimeException {
    private final int position;

    public RuleSyntaxException(String message, int position) {
        super(message + " (at character " + (position + 1) + ")");
        this.position = position;
    }

    public int position() {
        return position;
    }
}
