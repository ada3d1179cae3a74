package dev.payrail.server.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * A merchant's webhook endpoint on loopback, for tests of Payrail as a child process: it answers 200 to every POST
 * to {@link #url()} and keeps the bodies that came with a {@code Payrail-Signature} ({@code v1=}).
 */
public final class EventReceiver implements AutoCloseable {
    private final HttpServer server;
    private final ConcurrentLinkedQueue<String> signed = new ConcurrentLinkedQueue<>();

    private EventReceiver(HttpServer server) {
        this.server = server;
    }

    public static EventReceiver start() throws IOException {
        EventReceiver receiver = new EventReceiver(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20));
        receiver.server.createContext("/hooks", exchange -> {
            String signature = exchange.getRequestHeaders().getFirst("Payrail-Signature");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (signature != null && signature.contains("v1=")) {
                receiver.signed.add(body);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.server.start();
        return receiver;
    }

    /** Where to register the endpoint. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** The signed bodies received so far, in arrival order. */
    public List<String> signedBodies() {
        return List.copyOf(signed);
    }

    /** The first signed body that {@code wanted} accepts, waited for up to {@code timeout}. */
    public String await(Predicate<String> wanted, Duration timeout) {
        return Eventually.await("a signed event delivered to " + url(), timeout, () -> {
            Optional<String> found = signed.stream().filter(wanted).findFirst();
            return found;
        });
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
