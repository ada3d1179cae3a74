package dev.payrail.core.reconciliation;

/** A report that cannot be read as its format says; {@link #line()} is 1-based (the header is line 1). */
public final class MalformedReportException extends RuntimeException {
    private final long line;

    public MalformedReportException(long line, String problem) {
        super("line " + line + ": " + problem);
        this.line = line;
    }

    public long line() {
        return line;
    }
}
