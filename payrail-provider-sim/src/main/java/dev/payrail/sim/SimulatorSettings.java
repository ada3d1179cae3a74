package dev.payrail.sim;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the simulator behaves: its port, a base latency added to every call (for benchmarks),
 * the delay of the slow card, how long the charge-then-timeout card withholds its answer, how long
 * payouts travel, the file that keeps its state across restarts (null: it forgets everything on stop), and the
 * market its issuers answer by (null: the test cards decide; {@link MarketIssuers}).
 */
public record SimulatorSettings(int port, Duration baseLatency, Duration slowLatency, Duration hangFor,
                                Duration payoutArrival, Path stateFile, SimMarket market) {

    public static SimulatorSettings defaults() {
        return new SimulatorSettings(0, Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(5), null, null);
    }

    /** Issuers that answer as {@code newMarket}'s providers would, live (docs/routing.md). */
    public SimulatorSettings withMarket(SimMarket newMarket) {
        return new SimulatorSettings(port, baseLatency, slowLatency, hangFor, payoutArrival, stateFile, newMarket);
    }

    /** How long an accepted payout travels before it is paid (or returned, for a closed account). */
    public SimulatorSettings withPayoutArrival(Duration arrival) {
        return new SimulatorSettings(port, baseLatency, slowLatency, hangFor, arrival, stateFile, market);
    }

    public SimulatorSettings withPort(int newPort) {
        return new SimulatorSettings(newPort, baseLatency, slowLatency, hangFor, payoutArrival, stateFile, market);
    }

    public SimulatorSettings withHangFor(Duration newHang) {
        return new SimulatorSettings(port, baseLatency, slowLatency, newHang, payoutArrival, stateFile, market);
    }

    public SimulatorSettings withSlowLatency(Duration newSlow) {
        return new SimulatorSettings(port, baseLatency, newSlow, hangFor, payoutArrival, stateFile, market);
    }

    public SimulatorSettings withBaseLatency(Duration newBase) {
        return new SimulatorSettings(port, newBase, slowLatency, hangFor, payoutArrival, stateFile, market);
    }

    /** Keeps the simulator's authorizations, intents, refunds, payouts and keyed answers in {@code file}. */
    public SimulatorSettings withStateFile(Path file) {
        return new SimulatorSettings(port, baseLatency, slowLatency, hangFor, payoutArrival, file, market);
    }
}
