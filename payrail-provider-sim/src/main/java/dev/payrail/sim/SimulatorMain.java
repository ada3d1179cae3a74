package dev.payrail.sim;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator on its own: {@code java -jar payrail-provider-sim-standalone.jar --port 8081}.
 * Options: --port N, --bind ADDRESS (default 127.0.0.1), --latency-ms N, --slow-ms N, --hang-ms N, --payout-ms N,
 * --state FILE (keep its state across restarts in FILE), --market FILE|default (issuers answer as that market's
 * providers would, live: {@link MarketIssuers}).
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        SimulatorSettings settings = SimulatorSettings.defaults().withPort(8081);
        InetAddress bind = InetAddress.getLoopbackAddress();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> settings = settings.withPort(Integer.parseInt(required(args[i], value)));
                case "--bind" -> bind = InetAddress.getByName(required(args[i], value));
                case "--latency-ms" -> settings = settings.withBaseLatency(millis(args[i], value));
                case "--slow-ms" -> settings = settings.withSlowLatency(millis(args[i], value));
                case "--hang-ms" -> settings = settings.withHangFor(millis(args[i], value));
                case "--payout-ms" -> settings = settings.withPayoutArrival(millis(args[i], value));
                case "--state" -> settings = settings.withStateFile(java.nio.file.Path.of(required(args[i], value)));
                case "--market" -> settings = settings.withMarket("default".equals(required(args[i], value)) ? SimMarket.defaults()
                        : SimMarket.fromFile(java.nio.file.Path.of(value)));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --port, --bind, --latency-ms, --slow-ms, --hang-ms, --payout-ms, --state, --market)");
            }
            i++;
        }
        ProviderSimulator simulator = ProviderSimulator.start(settings, bind);
        System.out.println("Payrail provider simulator listening on " + simulator.baseUrl());
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            forever.countDown();
        }));
        forever.await();
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static Duration millis(String option, String value) {
        return Duration.ofMillis(Long.parseLong(required(option, value)));
    }
}
