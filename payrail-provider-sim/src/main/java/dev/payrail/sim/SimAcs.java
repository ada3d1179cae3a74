package dev.payrail.sim;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated issuers' access control server (ACS) for EMV 3-D Secure 2: it decides frictionless outcomes from the
 * test card, and serves the challenge page a customer is sent to. The page is plain HTML with an approve and a fail
 * button (or, for the unanswered-challenge card, none); answering it decides the pending authorization, tells the
 * face that started it (which updates its own objects and notifies by webhook), and redirects the browser to the
 * return URL the face was given.
 * <pre>
 * GET  /sim/3ds/challenge/{id}                   the challenge page
 * POST /sim/3ds/challenge/{id}  decision=approve|fail   answers it; 303 to the return URL
 * </pre>
 * Challenges live in memory: after a restart of the simulator an unanswered one cannot be answered any more, like an
 * ACS session that timed out (the authorization stays requires_action until the merchant's platform cancels it).
 */
final class SimAcs {
    private static final Pattern CHALLENGE = Pattern.compile("^/sim/3ds/challenge/([a-z0-9_]+)$");
    static final String VERSION = "2.2.0";

    /** What a face does once the customer answered: updates its objects, notifies, and says where the browser goes. */
    interface Decided {
        String returnTo(Authorization auth, Challenge challenge);
    }

    /** One challenge waiting for the customer. */
    record Challenge(String id, String face, String authorizationId, CardProfile card, String returnUrl, boolean answerable,
                     Decided decided) {
    }

    private final Acquirer acquirer;
    private final Supplier<String> baseUrl;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Challenge> challenges = new ConcurrentHashMap<>();

    SimAcs(Acquirer acquirer, Supplier<String> baseUrl) {
        this.acquirer = acquirer;
        this.baseUrl = baseUrl;
    }

    static boolean handles(String path) {
        return path.startsWith("/sim/3ds/");
    }

    /**
     * Authenticates {@code auth} if its issuer demands it or the merchant asked ({@code request} "any"): a frictionless
     * outcome is written on the authorization at once; a challenge leaves it requires_action with its page's URL.
     * Returns true when the authorization may go on to the issuer's decision now.
     */
    boolean authenticate(Authorization auth, CardProfile card, String request, String face, String returnUrl, Decided decided) {
        TestCard.Authentication issuer = card.testCard().authentication();
        if (!issuer.demanded() && !"any".equals(request)) {
            return true;
        }
        switch (issuer) {
            case SUPPORTED, FRICTIONLESS -> auth.threeDSecure = result(card, "frictionless", "authenticated");
            case UNAVAILABLE -> auth.threeDSecure = result(card, null, "unavailable");
            case FAILED -> {
                auth.threeDSecure = result(card, "frictionless", "failed");
                auth.status = "declined";
                auth.declineCode = "authentication_failed";
                return false;
            }
            case CHALLENGE, CHALLENGE_UNANSWERED -> {
                Challenge challenge = new Challenge(acquirer.nextId("acs").toLowerCase(Locale.ROOT), face, auth.id, card,
                        returnUrl, issuer == TestCard.Authentication.CHALLENGE, decided);
                challenges.put(challenge.id(), challenge);
                auth.status = "requires_action";
                auth.challengeUrl = baseUrl.get() + "/sim/3ds/challenge/" + challenge.id();
                return false;
            }
        }
        return true;
    }

    /** What the ACS answers, as providers pass it on: with the authentication value, which a merchant must not keep. */
    private Map<String, Object> result(CardProfile card, String flow, String outcome) {
        boolean mastercard = "mastercard".equals(card.brand());
        String eci = switch (outcome) {
            case "authenticated" -> mastercard ? "02" : "05";
            case "attempted" -> mastercard ? "01" : "06";
            default -> mastercard ? "00" : "07";
        };
        byte[] cavv = new byte[20];
        random.nextBytes(cavv);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", VERSION);
        json.put("authentication_flow", flow);
        json.put("result", outcome);
        json.put("electronic_commerce_indicator", eci);
        json.put("liability_shift", "authenticated".equals(outcome) || "attempted".equals(outcome));
        json.put("authentication_value", Base64.getEncoder().encodeToString(cavv));
        json.put("ds_transaction_id", UUID.randomUUID().toString());
        return json;
    }

    void handle(HttpExchange exchange) throws IOException {
        Matcher m = CHALLENGE.matcher(exchange.getRequestURI().getPath());
        Challenge challenge = m.matches() ? challenges.get(m.group(1)) : null;
        if (challenge == null) {
            BankPages.page(exchange, 404, "Authentication not found", "<p>This authentication does not exist or has ended.</p>");
            return;
        }
        Authorization auth = acquirer.authorization(challenge.authorizationId()).orElseThrow();
        if ("POST".equals(exchange.getRequestMethod())) {
            String form = new String(exchange.getRequestBody().readNBytes(4096), StandardCharsets.UTF_8);
            Map<String, Object> fields = FormBody.parse(form);
            boolean approve = "approve".equals(fields.get("decision"));
            if (!challenge.answerable() || !acquirer.decideAfterChallenge(auth, challenge.card(),
                    approve ? result(challenge.card(), "challenge", "authenticated") : result(challenge.card(), "challenge", "failed"))) {
                BankPages.page(exchange, 409, "Authentication ended", "<p id=\"ended\">This authentication has ended (" + auth.status
                        + "). You may close this window.</p>");
                return;
            }
            challenges.remove(challenge.id());
            String next = challenge.decided().returnTo(auth, challenge);
            if (next == null) {
                BankPages.page(exchange, 200, "Authentication complete", "<p id=\"done\">Authentication complete. You may close this window.</p>");
                return;
            }
            exchange.getResponseHeaders().set("Location", next);
            exchange.sendResponseHeaders(303, -1);
            return;
        }
        if (!"requires_action".equals(auth.status)) {
            BankPages.page(exchange, 409, "Authentication ended", "<p id=\"ended\">This authentication has ended. You may close this window.</p>");
            return;
        }
        String amount = String.format(Locale.ROOT, "%s %s", auth.amount, auth.currency.toUpperCase(Locale.ROOT));
        String buttons = challenge.answerable() ? """
                <form method="post">
                  <p>Approve this purchase in your banking app, or here:</p>
                  <button type="submit" name="decision" value="approve" id="approve">Approve</button>
                  <button type="submit" name="decision" value="fail" id="fail">Fail authentication</button>
                </form>""" : "<p id=\"waiting\" role=\"status\">Waiting for your bank's app&hellip;</p>";
        BankPages.page(exchange, 200, "Confirm your payment", "<p>Your bank asks you to confirm a payment of <strong>" + amount
                + "</strong> (minor units) with the card ending in " + BankPages.escape(auth.last4) + ".</p>" + buttons);
    }

    /** {@code url} with {@code name=value} appended to its query. */
    static String withParam(String url, String name, String value) {
        return url + (url.contains("?") ? "&" : "?") + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
