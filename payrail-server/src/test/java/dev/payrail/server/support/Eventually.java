package dev.payrail.server.support;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls until something happens, or fails the test after a deadline: no fixed sleeps that hope. */
public final class Eventually {
    private static final Duration INTERVAL = Duration.ofMillis(50);

    private Eventually() {
    }

    /** Calls {@code probe} until it returns a value, at most until {@code timeout}. */
    public static <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe) {
        return await(what, timeout, probe, () -> "");
    }

    /** Like {@link #await(String, Duration, Supplier)}; on timeout the failure adds what {@code explain} says. */
    public static <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe, Supplier<String> explain) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + timeout + " " + explain.get());
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
