package dev.payrail.sim;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The HTML the simulated banks show customers' browsers (the 3-D Secure challenge, the bank-redirect approval): plain,
 * nothing external, never cached, its forms free to post to the bank itself.
 */
final class BankPages {
    private BankPages() {
    }

    static void page(HttpExchange exchange, int status, String title, String body) throws IOException {
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + " - Simulated bank</title><style>body{font-family:sans-serif;max-width:28rem;margin:2rem auto}"
                + "button{font-size:1rem;padding:.5rem 1rem;margin-right:.5rem}</style></head><body><h1>" + title + "</h1>"
                + body + "</body></html>";
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action *");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
