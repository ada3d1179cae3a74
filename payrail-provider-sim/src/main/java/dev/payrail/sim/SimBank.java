package dev.payrail.sim;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The customer's bank of a bank-redirect payment (iDEAL-like): the page the customer is sent to, where they approve or
 * decline. An approval does not settle at once: the payment is pending until the bank settles it
 * ({@link #SETTLEMENT_DELAY} later; minutes, at a real bank), and only then is it captured and announced by the face's
 * webhook. A redirect nobody answers stays waiting until the merchant's platform cancels it.
 * <pre>
 * GET  /sim/bank/{id}                           the bank's page
 * POST /sim/bank/{id}  decision=approve|decline answers it; 303 to the return URL
 * </pre>
 */
final class SimBank implements AutoCloseable {
    static final Duration SETTLEMENT_DELAY = Duration.ofSeconds(2);
    private static final Pattern PAGE = Pattern.compile("^/sim/bank/([a-z0-9_]+)$");

    /** What the face does when the customer answered (where the browser goes) and when the bank settled. */
    interface Decided {
        String answered(Authorization auth, boolean approved);

        void settled(Authorization auth);
    }

    private record Redirect(String id, String authorizationId, String bank, Decided decided) {
    }

    private final Acquirer acquirer;
    private final Supplier<String> baseUrl;
    private final Map<String, Redirect> redirects = new ConcurrentHashMap<>();
    private final ScheduledExecutorService settlements = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sim-bank-settlement");
        thread.setDaemon(true);
        return thread;
    });

    SimBank(Acquirer acquirer, Supplier<String> baseUrl) {
        this.acquirer = acquirer;
        this.baseUrl = baseUrl;
    }

    static boolean handles(String path) {
        return path.startsWith("/sim/bank/");
    }

    /** Sends the customer of {@code auth} to their bank: the authorization waits there, requires_action. */
    void redirect(Authorization auth, String bank, Decided decided) {
        Redirect redirect = new Redirect(acquirer.nextId("bank").toLowerCase(Locale.ROOT), auth.id, bank, decided);
        redirects.put(redirect.id(), redirect);
        auth.status = "requires_action";
        auth.challengeUrl = baseUrl.get() + "/sim/bank/" + redirect.id();
    }

    void handle(HttpExchange exchange) throws IOException {
        Matcher m = PAGE.matcher(exchange.getRequestURI().getPath());
        Redirect redirect = m.matches() ? redirects.get(m.group(1)) : null;
        if (redirect == null) {
            BankPages.page(exchange, 404, "Payment not found", "<p>This payment request does not exist or has ended.</p>");
            return;
        }
        Authorization auth = acquirer.authorization(redirect.authorizationId()).orElseThrow();
        if ("POST".equals(exchange.getRequestMethod())) {
            Map<String, Object> form = FormBody.parse(new String(exchange.getRequestBody().readNBytes(4096), StandardCharsets.UTF_8));
            boolean approve = "approve".equals(form.get("decision"));
            if (!acquirer.bankAnswered(auth, approve)) {
                BankPages.page(exchange, 409, "Payment request ended", "<p id=\"ended\">This payment request has ended (" + auth.status
                        + "). You may close this window.</p>");
                return;
            }
            redirects.remove(redirect.id());
            if (approve) {
                settlements.schedule(() -> {
                    if (acquirer.bankSettled(auth)) {
                        redirect.decided().settled(auth);
                    }
                }, SETTLEMENT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            }
            String next = redirect.decided().answered(auth, approve);
            exchange.getResponseHeaders().set("Location", next);
            exchange.sendResponseHeaders(303, -1);
            return;
        }
        if (!"requires_action".equals(auth.status)) {
            BankPages.page(exchange, 409, "Payment request ended", "<p id=\"ended\">This payment request has ended. You may close this window.</p>");
            return;
        }
        String amount = String.format(Locale.ROOT, "%d.%02d %s", auth.amount / 100, auth.amount % 100,
                auth.currency.toUpperCase(Locale.ROOT));
        BankPages.page(exchange, 200, "Approve your payment", "<p>Simulated bank <strong id=\"bank\">" + BankPages.escape(redirect.bank())
                + "</strong> asks you to approve a payment of <strong id=\"amount\">" + amount + "</strong>.</p>"
                + "<form method=\"post\"><button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">Approve</button>"
                + "<button type=\"submit\" name=\"decision\" value=\"decline\" id=\"decline\">Decline</button></form>");
    }

    @Override
    public void close() {
        settlements.shutdownNow();
    }
}
