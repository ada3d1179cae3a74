package dev.payrail.sim;

import java.time.Duration;

/**
 * How the simulator behaves: its port, a base latency added to every call (for benchmarks),
 * the delay of the slow card, how long the charge-then-timeout card withholds its answer, and how long
 * payouts travel.
 */
public record SimulatorSettings(int port, Duration baseLatency, Duration slowLatency, Duration hangFor,
                                Duration payoutArrival) {

    public static SimulatorSettings defaults() {
        return new SimulatorSettings(0, Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    /** How long an accepted payout travels before it is paid (or returned, for a closed account). */
    public SimulatorSettings withPayoutArrival(Duration arrival) {
        return new SimulatorSettings(port, baseLatency, slowLatency, hangFor, arrival);
    }

    public SimulatorSettings withPort(int newPort) {
        return new SimulatorSettings(newPort, baseLatency, slowLatency, hangFor, payoutArrival);
    }

    public SimulatorSettings withHangFor(Duration newHang) {
        return new SimulatorSettings(port, baseLatency, slowLatency, newHang, payoutArrival);
    }

    public SimulatorSettings withSlowLatency(Duration newSlow) {
        return new SimulatorSettings(port, baseLatency, newSlow, hangFor, payoutArrival);
    }

    public SimulatorSettings withBaseLatency(Duration newBase) {
        return new SimulatorSettings(port, newBase, slowLatency, hangFor, payoutArrival);
    }
}
