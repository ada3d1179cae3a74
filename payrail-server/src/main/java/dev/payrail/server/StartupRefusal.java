package dev.payrail.server;

/**
 * Payrail will not start with this configuration or on this machine's state, and says why in one sentence that
 * names the setting to change. {@link StartupRefusalAnalyzer} prints it without a stack trace.
 */
public class StartupRefusal extends RuntimeException {
    private final String action;

    public StartupRefusal(String reason, String action) {
        super(reason);
        this.action = action;
    }

    /** What to do about it. */
    public String action() {
        return action;
    }
}
