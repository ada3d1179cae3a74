package dev.payrail.server.listen;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The command line of {@link Listen}: {@code ./payrail listen [--events a,b] [--forward-to URL] [--port N] [--print-json]}.
 * Payrail's address is PAYRAIL_URL (default http://localhost:8080); the key is PAYRAIL_API_KEY, or the demo
 * merchant's test key from the data directory.
 */
public final class ListenCommand {
    private static final String USAGE = "usage: ./payrail listen [--events payment.succeeded,refund.succeeded] "
            + "[--forward-to http://localhost:3000/webhooks] [--port N] [--print-json]";

    private ListenCommand() {
    }

    public static void main(String[] args) throws Exception {
        Listen.Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException bad) {
            System.err.println(bad.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Listen listen;
        try {
            listen = Listen.start(options, System.out);
        } catch (java.io.IOException e) {
            System.err.println("Cannot listen: " + e.getMessage());
            System.err.println("Is Payrail running at " + options.payrailUrl() + "? (./payrail in another terminal)");
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            listen.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    static Listen.Options parse(String[] args) throws java.io.IOException {
        String url = System.getenv().getOrDefault("PAYRAIL_URL", "http://localhost:8080");
        String key = System.getenv("PAYRAIL_API_KEY");
        List<String> events = List.of("*");
        URI forwardTo = null;
        int port = 0;
        boolean printJson = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Arrays.stream(value(args, ++i).split(",")).map(String::strip).toList();
                case "--forward-to" -> forwardTo = URI.create(value(args, ++i));
                case "--port" -> port = Integer.parseInt(value(args, ++i));
                case "--print-json" -> printJson = true;
                case "--api-key" -> key = value(args, ++i);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (key == null || key.isBlank()) {
            Path demo = Path.of(System.getenv().getOrDefault("PAYRAIL_DATA_DIR", "data"), "demo-merchant.key");
            if (!Files.exists(demo)) {
                throw new IllegalArgumentException("no key: set PAYRAIL_API_KEY (a test secret key), or start ./payrail first"
                        + " so that " + demo + " exists");
            }
            key = Files.readString(demo).strip();
        }
        return new Listen.Options(url.replaceAll("/+$", ""), key, port, events, forwardTo, printJson);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
