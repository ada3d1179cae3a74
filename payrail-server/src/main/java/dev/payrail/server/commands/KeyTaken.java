package dev.payrail.server.commands;

/**
 * The command did not run: its idempotency key answered instead (a replay, a recovery, a mismatch, or
 * the first request still running). Thrown from inside the first transaction, so nothing of it commits.
 */
public final class KeyTaken extends RuntimeException {
    private final int status;
    private final byte[] body;
    private final boolean recovered;

    /** {@code recovered}: answered from the object as it is now, the first request having died. */
    KeyTaken(int status, byte[] body, boolean recovered) {
        super(null, null, false, false);
        this.status = status;
        this.body = body;
        this.recovered = recovered;
    }

    public int status() {
        return status;
    }

    public byte[] body() {
        return body;
    }

    public boolean recovered() {
        return recovered;
    }
}
