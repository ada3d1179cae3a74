package dev.payrail.sim;

import java.time.Duration;

/**
 * How the simulator behaves: its port, a base latency added to every call (for benchmarks),
 * the delay of the slow card and how long the charge-then-timeout card withholds its answer.
 */
public record SimulatorSettings(int port, Duration baseLatency, Duration slowLatency, Duration hangFor) {

    public static SimulatorSettings defaults() {
        return new SimulatorSettings(0, Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    public SimulatorSettings withPort(int newPort) {
        return new SimulatorSettings(newPort, baseLatency, slowLatency, hangFor);
    }

    public SimulatorSettings withHangFor(Duration newHang) {
        return new SimulatorSettings(port, baseLatency, slowLatency, newHang);
    }

    public SimulatorSettings withSlowLatency(Duration newSlow) {
        return new SimulatorSettings(port, baseLatency, newSlow, hangFor);
    }

    public SimulatorSettings withBaseLatency(Duration newBase) {
        return new SimulatorSettings(port, newBase, slowLatency, hangFor);
    }
}
