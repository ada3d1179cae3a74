package dev.payrail.sim;

import java.time.Duration;
import java.util.Locale;

/**
 * Fault injection for one simulator instance, set over HTTP ({@code POST /sim/faults}) or in code:
 * every provider call answers 500, 503 or 429 without doing anything, or is delayed.
 */
public final class Faults {

    /** What every provider call does until changed. */
    public enum Mode { NONE, ERROR_500, UNAVAILABLE_503, RATE_LIMITED_429 }

    private volatile Mode mode = Mode.NONE;
    private volatile Duration extraLatency = Duration.ZERO;

    public void set(Mode newMode, Duration newLatency) {
        this.mode = newMode;
        this.extraLatency = newLatency;
    }

    public void clear() {
        set(Mode.NONE, Duration.ZERO);
    }

    public Mode mode() {
        return mode;
    }

    public Duration extraLatency() {
        return extraLatency;
    }

    static Mode parse(String raw) {
        return Mode.valueOf(raw.toUpperCase(Locale.ROOT));
    }
}
