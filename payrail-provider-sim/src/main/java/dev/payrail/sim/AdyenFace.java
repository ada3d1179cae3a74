package dev.payrail.sim;

import dev.payrail.core.cards.CardNumber;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Adyen-shaped face: Checkout API v71 {@code /payments} and the {@code /captures}, {@code /cancels},
 * {@code /refunds} modifications, JSON bodies, {@code X-API-Key} authentication, {@code resultCode} with
 * {@code refusalReason}/{@code refusalReasonCode}, modifications answered 201 {@code received}, errors as
 * Adyen's ServiceError.
 */
final class AdyenFace {
    static final String PREFIX = "/v71";
    private static final Pattern MODIFICATION = Pattern.compile("^/v71/payments/([A-Za-z0-9_]+)/(captures|cancels|refunds)$");

    /** Adyen's refusal reason and code for each simulator decline. */
    private static final Map<String, String[]> REFUSALS = Map.of(
            "do_not_honor", new String[]{"Refused", "2"},
            "insufficient_funds", new String[]{"Not enough balance", "12"},
            "expired_card", new String[]{"Expired Card", "6"},
            "lost_card", new String[]{"Blocked Card", "5"},
            "stolen_card", new String[]{"Blocked Card", "5"},
            "issuer_not_available", new String[]{"Issuer Unavailable", "9"},
            "authentication_failed", new String[]{"3D Not Authenticated", "11"},
            "authentication_required", new String[]{"Authentication required", "38"});

    /** A refund Adyen accepted: its own pspReference, the payment's, Payrail's reference, the amount. */
    record SettledRefund(String pspReference, Authorization payment, String reference, long amount, long createdMillis) {
    }

    /** Every payment and refund this face processed, for its settlement reports. */
    final java.util.Queue<Authorization> payments = new java.util.concurrent.ConcurrentLinkedQueue<>();
    final java.util.Queue<SettledRefund> settledRefunds = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private final Acquirer acquirer;
    private final SimNotifier notifier;
    /** Payments redirected to a challenge, by the redirectResult their return carries: what /payments/details reads. */
    private final Map<String, Redirected> redirects = new java.util.concurrent.ConcurrentHashMap<>();

    /** A payment whose shopper was redirected to the issuer, and what the details call must answer about it. */
    private record Redirected(Authorization auth, String reference, String merchantAccount) {
    }

    private static final String PAYMENT = "adyen_payment";
    private static final String REFUND = "adyen_refund";

    AdyenFace(Acquirer acquirer, SimNotifier notifier) {
        this.acquirer = acquirer;
        this.notifier = notifier;
        SimJournal journal = acquirer.journal();
        journal.loaded(PAYMENT).forEach(r -> payments.add(acquirer.authorization((String) r.get("id")).orElseThrow()));
        journal.loaded(REFUND).forEach(r -> settledRefunds.add(new SettledRefund((String) r.get("id"),
                acquirer.authorization((String) r.get("payment")).orElseThrow(), (String) r.get("reference"),
                ((Number) r.get("amount")).longValue(), ((Number) r.get("created_millis")).longValue())));
    }

    static boolean handles(String path) {
        return path.startsWith(PREFIX + "/");
    }

    SimResponse post(String path, String key, String apiKey, Map<String, Object> body) {
        if (apiKey == null || apiKey.isBlank()) {
            return serviceError(401, "000", "HTTP Status Response - Unauthorized", "security");
        }
        if ((PREFIX + "/payments").equals(path)) {
            return acquirer.keyed("adyen", key, "payment", () -> payment(body));
        }
        if ((PREFIX + "/payments/details").equals(path)) {
            return acquirer.keyed("adyen", key, "details", () -> details(body));
        }
        Matcher m = MODIFICATION.matcher(path);
        if (!m.matches()) {
            return serviceError(404, "000", "Not found: " + path, "validation");
        }
        Optional<Authorization> auth = acquirer.authorization(m.group(1));
        if (auth.isEmpty()) {
            return serviceError(422, "167", "Original pspReference required for this operation", "validation");
        }
        return acquirer.keyed("adyen", key, m.group(2), () -> modification(m.group(2), auth.get(), body));
    }

    @SuppressWarnings("unchecked")
    private SimResponse payment(Map<String, Object> body) {
        if (!(body.get("amount") instanceof Map<?, ?> amount) || !(body.get("paymentMethod") instanceof Map<?, ?> method)
                || !(body.get("reference") instanceof String reference) || !(body.get("merchantAccount") instanceof String)) {
            return serviceError(422, "100", "Required field missing: amount, paymentMethod, reference or merchantAccount",
                    "validation");
        }
        // a zero value is Adyen's card verification (a zero-value authorization)
        Long value = Long.valueOf(0).equals(amount.get("value") instanceof Number n ? n.longValue() : null) ? Long.valueOf(0)
                : Acquirer.positiveLong((Map<String, Object>) amount, "value").orElse(null);
        Object currency = amount.get("currency");
        if (value == null || !(currency instanceof String c) || !c.matches("[A-Z]{3}")) {
            return serviceError(422, "137", "Invalid amount specified", "validation");
        }
        Optional<CardNumber> number = CardNumber.parse(String.valueOf(method.get("number")));
        if (number.isEmpty()) {
            return refused(reference, value, c, null, "Invalid Card Number", "8");
        }
        boolean manual = body.get("additionalData") instanceof Map<?, ?> extra && "true".equals(extra.get("manualCapture"));
        String wish = body.get("authenticationData") instanceof Map<?, ?> authentication
                && "always".equals(authentication.get("attemptAuthentication")) ? "any" : null;
        String returnUrl = body.get("returnUrl") instanceof String url ? url : null;
        String merchantAccount = (String) body.get("merchantAccount");
        Acquirer.Attempt attempt = acquirer.attempt(reference, value, c, CardProfile.of(number.get()), parseInt(method.get("expiryMonth")),
                parseInt(method.get("expiryYear")), !manual, new Acquirer.Authenticating(wish, "adyen", returnUrl,
                        (decided, challenge) -> challengeAnswered(decided, reference, merchantAccount, returnUrl)),
                credential(body));
        if (attempt.serverError()) {
            return serviceError(500, "905", "Payment details are not supported", "internal");
        }
        Authorization auth = attempt.authorization();
        payments.add(auth);
        acquirer.journal().write(PAYMENT, Map.of("id", auth.id));
        if ("requires_action".equals(auth.status)) {
            Map<String, Object> action = new LinkedHashMap<>();
            action.put("method", "GET");
            action.put("paymentMethodType", "scheme");
            action.put("type", "redirect");
            action.put("url", auth.challengeUrl);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("action", action);
            json.put("amount", Map.of("currency", c, "value", value));
            json.put("merchantReference", reference);
            json.put("pspReference", auth.id);
            json.put("resultCode", "RedirectShopper");
            return SimResponse.ok(json);
        }
        return SimResponse.ok(outcome(auth, reference, c, value)).delayedBy(attempt.delay());
    }

    /**
     * Adyen's stored-credential fields: {@code shopperInteraction: ContAuth} is a merchant-initiated payment (with
     * {@code recurringProcessingModel}), citing the first payment's {@code additionalData.networkTxReference};
     * an {@code Ecommerce} payment with a {@code recurringProcessingModel} (or {@code storePaymentMethod: true}) stores the
     * card: the network opens a series under its transaction id.
     */
    private static SimNetwork.Credential credential(Map<String, Object> body) {
        boolean merchantInitiated = "ContAuth".equals(body.get("shopperInteraction"))
                && body.get("recurringProcessingModel") instanceof String;
        String cited = body.get("additionalData") instanceof Map<?, ?> extra && extra.get("networkTxReference") instanceof String id
                ? id : null;
        boolean stores = Boolean.TRUE.equals(body.get("storePaymentMethod")) || body.get("recurringProcessingModel") instanceof String;
        return new SimNetwork.Credential(merchantInitiated, !merchantInitiated && stores, cited);
    }

    /** Authorised or Refused, with the 3-D Secure fields Adyen adds to additionalData when the merchant asks for them. */
    private static Map<String, Object> outcome(Authorization auth, String reference, String currency, long value) {
        Map<String, Object> additional = new LinkedHashMap<>();
        additional.put("cardSummary", auth.last4);
        additional.put("paymentMethod", auth.brand);
        additional.putAll(threeDSecureData(auth));
        if (auth.networkTransactionId != null) {
            additional.put("networkTxReference", auth.networkTransactionId);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("additionalData", additional);
        json.put("amount", Map.of("currency", currency, "value", value));
        json.put("merchantReference", reference);
        json.put("pspReference", auth.id);
        if ("declined".equals(auth.status)) {
            String[] refusal = REFUSALS.getOrDefault(auth.declineCode, new String[]{"Refused", "2"});
            json.put("refusalReason", refusal[0]);
            json.put("refusalReasonCode", refusal[1]);
            json.put("resultCode", "Refused");
        } else {
            json.put("resultCode", "Authorised");
        }
        return json;
    }

    /** Adyen's names for an authentication's result, as additionalData strings (with the cavv, as Adyen sends it). */
    private static Map<String, String> threeDSecureData(Authorization auth) {
        Map<String, String> data = new LinkedHashMap<>();
        if (auth.threeDSecure == null) {
            return data;
        }
        Map<String, Object> secure = auth.threeDSecure;
        String result = String.valueOf(secure.get("result"));
        data.put("threeDOffered", "true");
        data.put("threeDAuthenticated", Boolean.toString("authenticated".equals(result)));
        data.put("threeDAuthenticatedResponse", switch (result) {
            case "authenticated" -> "Y";
            case "attempted" -> "A";
            case "rejected" -> "R";
            case "unavailable" -> "U";
            default -> "N";
        });
        data.put("liabilityShift", String.valueOf(secure.get("liability_shift")));
        data.put("eci", String.valueOf(secure.get("electronic_commerce_indicator")));
        data.put("threeDSVersion", String.valueOf(secure.get("version")));
        data.put("threeDSAuthenticationFlow", secure.get("authentication_flow") == null ? "none"
                : String.valueOf(secure.get("authentication_flow")));
        data.put("cavv", String.valueOf(secure.get("authentication_value")));
        return data;
    }

    /** The shopper answered the issuer: Adyen notifies AUTHORISATION and sends the shopper back with a redirectResult. */
    private String challengeAnswered(Authorization auth, String reference, String merchantAccount, String returnUrl) {
        String redirectResult = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(acquirer.nextId("rr").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        redirects.put(redirectResult, new Redirected(auth, reference, merchantAccount));
        boolean authorised = !"declined".equals(auth.status);
        String reason = authorised ? null : REFUSALS.getOrDefault(auth.declineCode, new String[]{"Refused", "2"})[0];
        Map<String, String> additional = threeDSecureData(auth);
        if (auth.networkTransactionId != null) {
            additional.put("networkTxReference", auth.networkTransactionId);
        }
        notifier.adyenAuthorisation(auth.id, merchantAccount, reference, auth.amount, auth.currency, authorised, reason,
                additional);
        return returnUrl == null ? null : SimAcs.withParam(returnUrl, "redirectResult", redirectResult);
    }

    /** /payments/details with the redirectResult of the shopper's return: the payment's outcome, once decided. */
    private SimResponse details(Map<String, Object> body) {
        Object redirectResult = body.get("details") instanceof Map<?, ?> details ? details.get("redirectResult") : null;
        Redirected redirected = redirectResult == null ? null : redirects.get(String.valueOf(redirectResult));
        if (redirected == null) {
            return serviceError(422, "101", "Invalid redirectResult", "validation");
        }
        Authorization auth = redirected.auth();
        return SimResponse.ok(outcome(auth, redirected.reference(), auth.currency.toUpperCase(java.util.Locale.ROOT), auth.amount));
    }

    private SimResponse modification(String kind, Authorization auth, Map<String, Object> body) {
        Long value = body.get("amount") instanceof Map<?, ?> amount && amount.get("value") instanceof Number n
                ? n.longValue() : null;
        String refused = switch (kind) {
            case "captures" -> value == null ? "amount" : acquirer.capture(auth, value);
            case "cancels" -> acquirer.voidAuthorization(auth);
            default -> value == null ? "amount" : acquirer.refund(auth, value);
        };
        if (refused != null) {
            return serviceError(422, "167", "The modification is not allowed in the payment's current state", "validation");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("merchantAccount", body.get("merchantAccount"));
        json.put("paymentPspReference", auth.id);
        json.put("pspReference", acquirer.nextId("simmod"));
        if ("refunds".equals(kind)) {
            SettledRefund refund = new SettledRefund((String) json.get("pspReference"), auth, (String) body.get("reference"), value,
                    auth.createdMillis); // dated by their payment, so that a report of a period keeps them together
            settledRefunds.add(refund);
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("id", refund.pspReference());
            record.put("payment", auth.id);
            record.put("reference", refund.reference());
            record.put("amount", refund.amount());
            record.put("created_millis", refund.createdMillis());
            acquirer.journal().write(REFUND, record);
        }
        if (body.get("reference") != null) {
            json.put("reference", body.get("reference"));
        }
        json.put("status", "received");
        if (value != null) {
            json.put("amount", body.get("amount"));
        }
        return new SimResponse(201, json, Duration.ZERO);
    }

    private static SimResponse refused(String reference, long value, String currency, String pspReference,
                                       String reason, String code) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("amount", Map.of("currency", currency, "value", value));
        json.put("merchantReference", reference);
        if (pspReference != null) {
            json.put("pspReference", pspReference);
        }
        json.put("refusalReason", reason);
        json.put("refusalReasonCode", code);
        json.put("resultCode", "Refused");
        return SimResponse.ok(json);
    }

    static SimResponse serviceError(int status, String errorCode, String message, String errorType) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("errorCode", errorCode);
        json.put("errorType", errorType);
        json.put("message", message);
        json.put("status", status);
        return new SimResponse(status, json, Duration.ZERO);
    }

    private static Integer parseInt(Object value) {
        try {
            return value == null ? null : Integer.parseInt(value.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
