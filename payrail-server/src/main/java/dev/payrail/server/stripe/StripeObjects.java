package dev.payrail.server.stripe;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Payrail's objects as Stripe's (API version {@link #API_VERSION}): pure translations of the native API's JSON, so
 * the Stripe-compatible surface shows exactly what Payrail's own does, in Stripe's names. Ids are Payrail's
 * ({@code pay_}, {@code re_}, {@code cus_}, {@code pm_}, {@code evt_}); a charge is the view of a payment's
 * authorization attempt, {@code ch_} with the payment's own suffix, so either id finds the other.
 */
final class StripeObjects {
    /** The Stripe API version whose shapes these are: the one stripe-java 31 pins. */
    static final String API_VERSION = "2026-01-28.clover";

    private StripeObjects() {
    }

    static String chargeIdOf(String paymentId) {
        return "ch_" + paymentId.substring(paymentId.indexOf('_') + 1);
    }

    static String paymentIdOfCharge(String chargeId) {
        return chargeId.startsWith("ch_") ? "pay_" + chargeId.substring(3) : chargeId;
    }

    /** Payrail's payment status as a PaymentIntent's: a failed payment waits for a payment method, as Stripe's do. */
    static String intentStatus(String status) {
        return "failed".equals(status) ? "requires_payment_method" : status;
    }

    static Map<String, Object> paymentIntent(JsonNode p) {
        Map<String, Object> pi = new LinkedHashMap<>();
        pi.put("id", text(p, "id"));
        pi.put("object", "payment_intent");
        pi.put("amount", p.path("amount").longValue());
        pi.put("amount_capturable", p.path("amount_capturable").longValue());
        pi.put("amount_received", p.path("amount_received").longValue());
        pi.put("canceled_at", null);
        pi.put("cancellation_reason", text(p, "cancellation_reason"));
        pi.put("capture_method", text(p, "capture_method"));
        pi.put("client_secret", text(p, "client_secret"));
        pi.put("confirmation_method", "automatic");
        pi.put("created", p.path("created").longValue());
        pi.put("currency", text(p, "currency"));
        pi.put("customer", text(p, "customer"));
        pi.put("description", text(p, "description"));
        pi.put("last_payment_error", p.path("failure_code").isNull() || p.path("failure_code").isMissingNode() ? null
                : paymentError(text(p, "failure_code"), text(p, "failure_message"), text(p, "payment_method")));
        pi.put("latest_charge", hasCharge(p) ? chargeIdOf(text(p, "id")) : null);
        pi.put("livemode", p.path("livemode").asBoolean(false));
        pi.put("metadata", strings(p.path("metadata")));
        pi.put("next_action", nextAction(p.path("next_action")));
        pi.put("payment_method", text(p, "payment_method"));
        pi.put("payment_method_options", Map.of("card", Map.of("request_three_d_secure",
                textOr(p.path("payment_method_options").path("card"), "request_three_d_secure", "automatic"))));
        pi.put("payment_method_types", List.of(methodType(p)));
        pi.put("receipt_email", null);
        pi.put("setup_future_usage", text(p, "setup_future_usage"));
        pi.put("shipping", null);
        pi.put("statement_descriptor", null);
        pi.put("status", intentStatus(text(p, "status")));
        return pi;
    }

    /** Stripe's {@code last_payment_error}: a decline is {@code card_declined} with the reason as {@code decline_code}. */
    static Map<String, Object> paymentError(String failureCode, String message, String paymentMethod) {
        Map<String, Object> error = new LinkedHashMap<>();
        String code = declineErrorCode(failureCode);
        error.put("type", "card_error");
        error.put("code", code);
        error.put("decline_code", "card_declined".equals(code) ? failureCode : null);
        error.put("message", message);
        error.put("payment_method", paymentMethod == null ? null : Map.of("id", paymentMethod, "object", "payment_method"));
        return error;
    }

    /** Stripe's error code for Payrail's failure code: those Stripe names itself, else {@code card_declined}. */
    static String declineErrorCode(String failureCode) {
        if (failureCode == null) {
            return null;
        }
        return switch (failureCode) {
            case "authentication_failed" -> "payment_intent_authentication_failure";
            case "expired_card", "incorrect_cvc", "processing_error", "incorrect_number" -> failureCode;
            default -> "card_declined";
        };
    }

    /** Whether the payment got as far as an authorization attempt, which is what Stripe shows as its charge. */
    static boolean hasCharge(JsonNode p) {
        return !p.path("authorized_at").isNull() && !p.path("authorized_at").isMissingNode()
                || !p.path("failure_code").isNull() && !p.path("failure_code").isMissingNode();
    }

    static Map<String, Object> charge(JsonNode p) {
        String status = text(p, "status");
        boolean failed = !p.path("failure_code").isNull() && !p.path("failure_code").isMissingNode()
                && (p.path("authorized_at").isNull() || p.path("authorized_at").isMissingNode());
        long captured = p.path("amount_received").longValue();
        long refunded = p.path("amount_refunded").longValue();
        Map<String, Object> ch = new LinkedHashMap<>();
        ch.put("id", chargeIdOf(text(p, "id")));
        ch.put("object", "charge");
        ch.put("amount", p.path("amount").longValue());
        ch.put("amount_captured", captured);
        ch.put("amount_refunded", refunded);
        ch.put("balance_transaction", null);
        ch.put("billing_details", billingDetails());
        ch.put("captured", captured > 0);
        ch.put("created", p.path("authorized_at").isNumber() ? p.path("authorized_at").longValue() : p.path("created").longValue());
        ch.put("currency", text(p, "currency"));
        ch.put("customer", text(p, "customer"));
        ch.put("description", text(p, "description"));
        ch.put("disputed", false);
        ch.put("failure_code", failed ? declineErrorCode(text(p, "failure_code")) : null);
        ch.put("failure_message", failed ? text(p, "failure_message") : null);
        ch.put("livemode", p.path("livemode").asBoolean(false));
        ch.put("metadata", strings(p.path("metadata")));
        ch.put("outcome", outcome(failed, text(p, "failure_code")));
        ch.put("paid", !failed);
        ch.put("payment_intent", text(p, "id"));
        ch.put("payment_method", text(p, "payment_method"));
        ch.put("payment_method_details", chargeMethodDetails(p.path("payment_method_details")));
        ch.put("refunded", captured > 0 && refunded >= captured);
        ch.put("status", failed ? "failed" : "processing".equals(status) ? "pending" : "succeeded");
        return ch;
    }

    private static Map<String, Object> outcome(boolean failed, String failureCode) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("network_status", failed ? "declined_by_network" : "approved_by_network");
        outcome.put("reason", failed ? failureCode : null);
        outcome.put("risk_level", "not_assessed");
        outcome.put("seller_message", failed ? "The bank did not return any further details with this decline."
                : "Payment complete.");
        outcome.put("type", failed ? "issuer_declined" : "authorized");
        return outcome;
    }

    private static Map<String, Object> billingDetails() {
        Map<String, Object> billing = new LinkedHashMap<>();
        billing.put("address", null);
        billing.put("email", null);
        billing.put("name", null);
        billing.put("phone", null);
        return billing;
    }

    private static Map<String, Object> chargeMethodDetails(JsonNode details) {
        if (details.isNull() || details.isMissingNode()) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        String type = text(details, "type");
        if ("card".equals(type)) {
            JsonNode card = details.path("card");
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("brand", text(card, "brand"));
            c.put("exp_month", card.path("exp_month").longValue());
            c.put("exp_year", card.path("exp_year").longValue());
            c.put("last4", text(card, "last4"));
            c.put("network_transaction_id", text(card, "network_transaction_id"));
            JsonNode threeDs = card.path("three_d_secure");
            if (threeDs.isObject()) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("authentication_flow", text(threeDs, "authentication_flow"));
                t.put("result", text(threeDs, "result"));
                t.put("version", text(threeDs, "version"));
                c.put("three_d_secure", t);
            } else {
                c.put("three_d_secure", null);
            }
            out.put("card", c);
            out.put("type", "card");
        } else if ("sepa_debit".equals(type)) {
            JsonNode debit = details.path("sepa_debit");
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("country", text(debit, "country"));
            d.put("last4", text(debit, "last4"));
            d.put("mandate", text(debit, "mandate"));
            out.put("sepa_debit", d);
            out.put("type", "sepa_debit");
        } else {
            out.put("type", "ideal");
            out.put("ideal", Map.of("bank", textOr(details.path("bank_redirect"), "bank", "")));
        }
        return out;
    }

    private static String methodType(JsonNode p) {
        String type = text(p.path("payment_method_details"), "type");
        if ("sepa_debit".equals(type)) {
            return "sepa_debit";
        }
        return "bank_redirect".equals(type) ? "ideal" : "card";
    }

    private static Map<String, Object> nextAction(JsonNode action) {
        if (!action.isObject()) {
            return null;
        }
        Map<String, Object> redirect = new LinkedHashMap<>();
        redirect.put("return_url", text(action.path("redirect_to_url"), "return_url"));
        redirect.put("url", text(action.path("redirect_to_url"), "url"));
        Map<String, Object> next = new LinkedHashMap<>();
        next.put("redirect_to_url", redirect);
        next.put("type", "redirect_to_url");
        return next;
    }

    static Map<String, Object> refund(JsonNode r) {
        Map<String, Object> re = new LinkedHashMap<>();
        re.put("id", text(r, "id"));
        re.put("object", "refund");
        re.put("amount", r.path("amount").longValue());
        re.put("balance_transaction", null);
        re.put("charge", chargeIdOf(text(r, "payment")));
        re.put("created", r.path("created").longValue());
        re.put("currency", text(r, "currency"));
        re.put("failure_reason", text(r, "failure_reason"));
        re.put("metadata", Map.of());
        re.put("payment_intent", text(r, "payment"));
        re.put("reason", text(r, "reason"));
        re.put("status", text(r, "status"));
        return re;
    }

    static Map<String, Object> customer(JsonNode c) {
        Map<String, Object> cu = new LinkedHashMap<>();
        cu.put("id", text(c, "id"));
        cu.put("object", "customer");
        if (c.path("deleted").asBoolean(false)) {
            cu.put("deleted", true);
            return cu;
        }
        cu.put("created", c.path("created").longValue());
        cu.put("description", text(c, "description"));
        cu.put("email", text(c, "email"));
        Map<String, Object> invoiceSettings = new LinkedHashMap<>();
        invoiceSettings.put("default_payment_method", text(c, "default_payment_method"));
        cu.put("invoice_settings", invoiceSettings);
        cu.put("livemode", c.path("livemode").asBoolean(false));
        cu.put("metadata", strings(c.path("metadata")));
        cu.put("name", text(c, "name"));
        cu.put("phone", text(c, "phone"));
        return cu;
    }

    static Map<String, Object> paymentMethod(JsonNode m) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("id", text(m, "id"));
        pm.put("object", "payment_method");
        pm.put("billing_details", billingDetails());
        String type = text(m, "type");
        if ("card".equals(type)) {
            JsonNode card = m.path("card");
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("brand", text(card, "brand"));
            c.put("country", text(card, "country"));
            c.put("exp_month", card.path("exp_month").longValue());
            c.put("exp_year", card.path("exp_year").longValue());
            c.put("fingerprint", text(card, "fingerprint"));
            c.put("last4", text(card, "last4"));
            pm.put("card", c);
        } else {
            JsonNode debit = m.path("sepa_debit");
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("country", text(debit, "country"));
            d.put("fingerprint", text(debit, "fingerprint"));
            d.put("last4", text(debit, "last4"));
            pm.put("sepa_debit", d);
        }
        pm.put("created", m.path("created").longValue());
        pm.put("customer", text(m, "customer"));
        pm.put("livemode", false);
        pm.put("metadata", Map.of());
        pm.put("type", type);
        return pm;
    }

    static Map<String, Object> webhookEndpoint(JsonNode w, List<String> enabledEvents) {
        Map<String, Object> we = new LinkedHashMap<>();
        we.put("id", text(w, "id"));
        we.put("object", "webhook_endpoint");
        we.put("api_version", API_VERSION);
        we.put("created", w.path("created").longValue());
        we.put("description", null);
        we.put("enabled_events", enabledEvents);
        we.put("livemode", w.path("livemode").asBoolean(false));
        we.put("metadata", Map.of());
        if (w.has("secret")) {
            we.put("secret", text(w, "secret"));
        }
        we.put("status", text(w, "status"));
        we.put("url", text(w, "url"));
        return we;
    }

    static Map<String, Object> setupIntent(JsonNode s) {
        Map<String, Object> si = new LinkedHashMap<>();
        si.put("id", text(s, "id"));
        si.put("object", "setup_intent");
        si.put("cancellation_reason", text(s, "cancellation_reason"));
        si.put("client_secret", null);
        si.put("created", s.path("created").longValue());
        si.put("customer", text(s, "customer"));
        si.put("description", null);
        JsonNode error = s.path("last_setup_error");
        if (error.isObject()) {
            Map<String, Object> e = new LinkedHashMap<>();
            String code = declineErrorCode(text(error, "code"));
            e.put("type", "card_error");
            e.put("code", code);
            e.put("decline_code", "card_declined".equals(code) ? text(error, "code") : null);
            e.put("message", text(error, "message"));
            si.put("last_setup_error", e);
        } else {
            si.put("last_setup_error", null);
        }
        si.put("livemode", s.path("livemode").asBoolean(false));
        si.put("metadata", strings(s.path("metadata")));
        si.put("next_action", nextAction(s.path("next_action")));
        si.put("payment_method", text(s, "payment_method"));
        si.put("payment_method_options", Map.of("card", Map.of("request_three_d_secure",
                textOr(s.path("payment_method_options").path("card"), "request_three_d_secure", "automatic"))));
        si.put("payment_method_types", List.of("card"));
        si.put("status", text(s, "status"));
        si.put("usage", text(s, "usage"));
        return si;
    }

    static Map<String, Object> balance(JsonNode b) {
        Map<String, Object> balance = new LinkedHashMap<>();
        balance.put("object", "balance");
        balance.put("available", funds(b.path("available")));
        balance.put("livemode", b.path("livemode").asBoolean(false));
        balance.put("pending", funds(b.path("pending")));
        return balance;
    }

    private static List<Map<String, Object>> funds(JsonNode amounts) {
        List<Map<String, Object>> out = new ArrayList<>();
        amounts.forEach(a -> {
            Map<String, Object> amount = new LinkedHashMap<>();
            amount.put("amount", a.path("amount").longValue());
            amount.put("currency", text(a, "currency"));
            out.add(amount);
        });
        return out;
    }

    static Map<String, Object> balanceTransaction(JsonNode t) {
        Map<String, Object> bt = new LinkedHashMap<>();
        bt.put("id", text(t, "id"));
        bt.put("object", "balance_transaction");
        bt.put("amount", t.path("amount").longValue());
        bt.put("available_on", t.path("available_on").longValue());
        bt.put("created", t.path("created").longValue());
        bt.put("currency", text(t, "currency"));
        bt.put("description", null);
        bt.put("fee", t.path("fee").longValue());
        bt.put("fee_details", List.of());
        bt.put("net", t.path("net").longValue());
        bt.put("reporting_category", text(t, "type"));
        String source = text(t, "source");
        bt.put("source", source != null && source.startsWith("pay_") ? chargeIdOf(source) : source);
        bt.put("status", text(t, "status"));
        bt.put("type", text(t, "type"));
        return bt;
    }

    static Map<String, Object> payout(JsonNode p) {
        Map<String, Object> po = new LinkedHashMap<>();
        po.put("id", text(p, "id"));
        po.put("object", "payout");
        po.put("amount", p.path("amount").longValue());
        po.put("arrival_date", p.path("send_at").longValue());
        po.put("automatic", p.path("automatic").asBoolean(false));
        po.put("balance_transaction", null);
        po.put("created", p.path("created").longValue());
        po.put("currency", text(p, "currency"));
        po.put("description", null);
        po.put("destination", text(p, "destination"));
        po.put("failure_code", text(p, "failure_code"));
        po.put("failure_message", null);
        po.put("livemode", p.path("livemode").asBoolean(false));
        po.put("metadata", Map.of());
        po.put("method", "standard");
        po.put("status", text(p, "status"));
        po.put("type", "bank_account");
        return po;
    }

    static Map<String, Object> dispute(JsonNode d) {
        Map<String, Object> dp = new LinkedHashMap<>();
        dp.put("id", text(d, "id"));
        dp.put("object", "dispute");
        dp.put("amount", d.path("amount").longValue());
        dp.put("balance_transactions", List.of());
        dp.put("charge", chargeIdOf(text(d, "payment")));
        dp.put("created", d.path("created").longValue());
        dp.put("currency", text(d, "currency"));
        dp.put("evidence", strings(d.path("evidence")));
        JsonNode details = d.path("evidence_details");
        Map<String, Object> evidenceDetails = new LinkedHashMap<>();
        evidenceDetails.put("due_by", details.path("due_by").isNumber() ? details.path("due_by").longValue() : null);
        evidenceDetails.put("has_evidence", details.path("has_evidence").asBoolean(false));
        evidenceDetails.put("past_due", details.path("past_due").asBoolean(false));
        evidenceDetails.put("submission_count", details.path("submitted").asBoolean(false) ? 1 : 0);
        dp.put("evidence_details", evidenceDetails);
        dp.put("is_charge_refundable", false);
        dp.put("livemode", d.path("livemode").asBoolean(false));
        dp.put("metadata", Map.of());
        dp.put("payment_intent", text(d, "payment"));
        dp.put("reason", text(d, "reason"));
        dp.put("status", text(d, "status"));
        return dp;
    }

    /** A list object as Stripe's libraries page it: {@code url} is the path they call for the next page. */
    static Map<String, Object> list(String url, List<Map<String, Object>> data, boolean hasMore) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", data);
        list.put("has_more", hasMore);
        list.put("url", url);
        return list;
    }

    static List<Map<String, Object>> each(JsonNode array, java.util.function.Function<JsonNode, Map<String, Object>> shape) {
        List<Map<String, Object>> out = new ArrayList<>();
        array.forEach(item -> out.add(shape.apply(item)));
        return out;
    }

    static Map<String, String> strings(JsonNode map) {
        Map<String, String> out = new LinkedHashMap<>();
        if (map.isObject()) {
            map.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        }
        return out;
    }

    static String text(JsonNode node, String name) {
        JsonNode value = node.path(name);
        return value.isNull() || value.isMissingNode() ? null : value.asString();
    }

    private static String textOr(JsonNode node, String name, String otherwise) {
        String value = text(node, name);
        return value == null ? otherwise : value;
    }
}
