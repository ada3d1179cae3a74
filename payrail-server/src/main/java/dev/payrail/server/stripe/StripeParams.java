package dev.payrail.server.stripe;

import dev.payrail.server.api.ApiException;
import jakarta.servlet.http.HttpServletRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The translations of Stripe's parameters that several resources share. */
final class StripeParams {
    private StripeParams() {
    }

    /**
     * The card a request pays or saves with, as Payrail's native parameters: {@code payment_method} (a {@code pm_} id,
     * or one of Stripe's test values in test mode) or {@code payment_method_data[type]=card} with {@code [card][...]}.
     */
    static void paymentMethod(StripeForm form, Map<String, Object> into, HttpServletRequest request) {
        Optional<String> method = form.string("payment_method");
        Optional<StripeForm> data = form.object("payment_method_data");
        if (method.isPresent() && data.isPresent()) {
            throw ApiException.invalid("parameter_conflict", "payment_method_data",
                    "Send either payment_method or payment_method_data, not both.");
        }
        if (method.isPresent()) {
            Optional<String> test = StripeCalls.testCard(method.get(), request);
            if (test.isPresent()) {
                into.put("card", StripeTestValues.card(test.get()));
            } else {
                into.put("payment_method", method.get());
            }
        }
        if (data.isPresent()) {
            StripeForm d = data.get().allowOnly(Set.of("type", "card"));
            String type = d.string("type").orElseThrow(() -> missing(d.param("type")));
            if (!"card".equals(type)) {
                throw ApiException.invalid("payment_method_unsupported", d.param("type"),
                        "payment_method_data[type] may be card here; bank debits are created through /v1/payment_methods.");
            }
            into.put("card", card(d.object("card").orElseThrow(() -> missing(d.param("card")))));
        }
    }

    /** {@code card[number]}, {@code card[exp_month]}, ... or {@code card[token]=tok_visa} as Payrail's {@code card}. */
    static Map<String, Object> card(StripeForm card) {
        card.allowOnly(Set.of("number", "exp_month", "exp_year", "cvc", "token"));
        Optional<String> token = card.string("token");
        if (token.isPresent()) {
            String number = StripeTestValues.cardNumber(token.get()).orElseThrow(() -> ApiException.invalid(
                    "resource_missing", card.param("token"), "No such token: '" + token.get() + "'"));
            return StripeTestValues.card(number);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("number", card.string("number").orElseThrow(() -> missing(card.param("number"))));
        out.put("exp_month", card.integer("exp_month").orElseThrow(() -> missing(card.param("exp_month"))));
        out.put("exp_year", card.integer("exp_year").orElseThrow(() -> missing(card.param("exp_year"))));
        card.string("cvc").ifPresent(cvc -> out.put("cvc", cvc));
        return out;
    }

    /** {@code off_session}: true, false, or Stripe's words {@code one_off} and {@code recurring}, as Payrail takes them. */
    static Object offSession(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            case "one_off", "recurring" -> value;
            default -> throw ApiException.invalid("parameter_invalid", "off_session",
                    "off_session must be true, false, one_off or recurring.");
        };
    }

    /** {@code payment_method_options[card][request_three_d_secure]}; Stripe's {@code challenge} asks as {@code any} does. */
    static void cardOptions(StripeForm form, Map<String, Object> into) {
        form.object("payment_method_options").ifPresent(options -> {
            options.allowOnly(Set.of("card"));
            options.object("card").ifPresent(card -> {
                card.allowOnly(Set.of("request_three_d_secure"));
                card.string("request_three_d_secure").ifPresent(request -> into.put("payment_method_options",
                        Map.of("card", Map.of("request_three_d_secure", "challenge".equals(request) ? "any" : request))));
            });
        });
    }

    /** {@link #listQuery(StripeForm, Set, Map, Set)} of a list whose objects expand nothing. */
    static Map<String, String> listQuery(StripeForm query, Set<String> alsoAllowed, Map<String, String> renamed) {
        return listQuery(query, alsoAllowed, renamed, Set.of());
    }

    /**
     * A list's query in Payrail's words: {@code limit}, {@code starting_after}, {@code ending_before} (read by
     * {@link StripeCalls#page}), {@code created[gte|lte]}; {@code expand[]} checked against {@code expandable}.
     */
    static Map<String, String> listQuery(StripeForm query, Set<String> alsoAllowed, Map<String, String> renamed,
                                         Set<String> expandable) {
        Set<String> allowed = new java.util.HashSet<>(Set.of("limit", "starting_after", "ending_before", "created", "expand"));
        allowed.addAll(alsoAllowed);
        query.allowOnly(allowed);
        query.expand(expandable);
        Map<String, String> out = new LinkedHashMap<>();
        query.string("ending_before").ifPresent(before -> out.put(StripeCalls.ENDING_BEFORE, before));
        query.integer("limit").ifPresent(limit -> out.put("limit", Long.toString(limit)));
        query.string("starting_after").ifPresent(after -> out.put("starting_after", after));
        query.object("created").ifPresent(created -> {
            created.allowOnly(Set.of("gte", "lte"));
            created.integer("gte").ifPresent(t -> out.put("created[gte]", Long.toString(t)));
            created.integer("lte").ifPresent(t -> out.put("created[lte]", Long.toString(t)));
        });
        for (String name : alsoAllowed) {
            query.string(name).ifPresent(value -> out.put(renamed.getOrDefault(name, name), value));
        }
        return out;
    }

    /** {@code metadata}, refused unless empty, for {@code what} (a resource that has none in Payrail). */
    static void noMetadata(StripeForm form, String what) {
        form.strings("metadata").filter(m -> !m.isEmpty()).ifPresent(m -> {
            throw ApiException.invalid("parameter_unsupported", "metadata", what + " have no metadata in Payrail.");
        });
    }

    static ApiException missing(String param) {
        return ApiException.invalid("parameter_missing", param, "Missing required param: " + param + ".");
    }

    static List<String> expand(StripeForm form, Set<String> expandable) {
        return form.expand(expandable);
    }
}
