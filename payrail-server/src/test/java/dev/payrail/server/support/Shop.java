package dev.payrail.server.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A merchant's shop for the browser tests, on an origin of its own (127.0.0.1, where Payrail is localhost): every GET
 * shows its path and query in {@code #shop} (where customers land), {@code /pay} serves the page a test sets, and a
 * POST is a webhook delivery, kept with its {@code Payrail-Signature}. Every request is kept, to show what reached it.
 */
public final class Shop implements AutoCloseable {
    /** A webhook the shop received. */
    public record Delivery(String signature, byte[] body) {
    }

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Delivery> webhooks = new CopyOnWriteArrayList<>();
    private volatile String payPage = "";

    public Shop() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] received = exchange.getRequestBody().readAllBytes();
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + new String(received, StandardCharsets.UTF_8));
            if ("POST".equals(exchange.getRequestMethod())) {
                webhooks.add(new Delivery(exchange.getRequestHeaders().getFirst("Payrail-Signature"), received));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
                return;
            }
            byte[] page = (exchange.getRequestURI().getPath().equals("/pay") ? payPage
                    : "<!doctype html><title>Shop</title><h1 id=\"shop\">" + exchange.getRequestURI().getPath() + "?"
                            + exchange.getRequestURI().getQuery() + "</h1>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
    }

    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String url(String path) {
        return origin() + path;
    }

    public void servePayPage(String html) {
        payPage = html;
    }

    public List<String> requests() {
        return requests;
    }

    public List<Delivery> webhooks() {
        return webhooks;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
