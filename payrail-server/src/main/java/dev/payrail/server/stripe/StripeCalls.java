package dev.payrail.server.stripe;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.commands.AnswerShape;
import dev.payrail.server.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every controller of the Stripe-compatible surface does around the native command it translates to: read
 * Stripe's parameters, write the native request, word the native answer as the Stripe object (the same wording for the
 * answer sent and the one its idempotency key keeps: {@link Wording}).
 */
@Component
class StripeCalls {
    private final JsonMapper json;

    StripeCalls(JsonMapper json) {
        this.json = json;
    }

    /**
     * The request's form parameters, read from the body the API's filters buffered (not the servlet's parameter map,
     * which would read the same stream again).
     */
    StripeForm body(HttpServletRequest request) {
        try {
            return StripeForm.parse(request.getInputStream().readAllBytes());
        } catch (java.io.IOException unreadable) {
            throw ApiException.invalid("body_invalid", null, "The request body could not be read.");
        }
    }

    StripeForm query(HttpServletRequest request) {
        return StripeForm.parse(request.getQueryString());
    }

    byte[] nativeBody(Map<String, Object> params) {
        return json.writeValueAsBytes(params);
    }

    JsonNode tree(byte[] body) {
        return json.readTree(body);
    }

    JsonNode tree(Object value) {
        return json.valueToTree(value);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(JsonNode node) {
        return json.convertValue(node, LinkedHashMap.class);
    }

    /** The key of a list query's {@code ending_before}, which the native lists do not take: {@link #page} reads it. */
    static final String ENDING_BEFORE = "ending_before";

    /**
     * One page of a native list, newest first, as Stripe's {@code limit} / {@code starting_after} / {@code ending_before}
     * choose it: {@code {data, has_more}}. The native lists page forward only; {@code ending_before} (the page of newer
     * objects just before one, which the libraries' backward auto-pagination asks for) is read by walking forward
     * from the newest object, keeping the last {@code limit} seen before it: its {@code has_more} says whether newer
     * ones remain. Both cursors (stripe-java's auto-pagination keeps {@code ending_before} and adds {@code starting_after})
     * are the objects between the two, forward from {@code starting_after}. {@code fetch} reads one native page.
     */
    JsonNode page(Map<String, String> query, Function<Map<String, String>, JsonNode> fetch) {
        Map<String, String> nativeQuery = new LinkedHashMap<>(query);
        String endingBefore = nativeQuery.remove(ENDING_BEFORE);
        if (endingBefore == null) {
            return fetch.apply(nativeQuery);
        }
        int limit = Integer.parseInt(nativeQuery.getOrDefault("limit", "10"));
        boolean between = nativeQuery.containsKey("starting_after");
        nativeQuery.put("limit", "100");
        java.util.ArrayDeque<JsonNode> window = new java.util.ArrayDeque<>();
        boolean newerRemain = false;
        while (true) {
            JsonNode page = fetch.apply(nativeQuery);
            for (JsonNode item : page.path("data")) {
                if (endingBefore.equals(item.path("id").asString())) {
                    tools.jackson.databind.node.ObjectNode answer = json.createObjectNode();
                    answer.set("data", json.valueToTree(new java.util.ArrayList<>(window)));
                    answer.put("has_more", newerRemain);
                    return answer;
                }
                if (between && window.size() == limit) {
                    newerRemain = true;    // an object between the two beyond this page: the next page has it
                    continue;
                }
                window.addLast(item);
                if (window.size() > limit) {
                    window.removeFirst();
                    newerRemain = true;
                }
            }
            JsonNode data = page.path("data");
            // a page may name where the next one starts (a filtered page may hold none of what it read)
            String next = page.path("next_after").isString() ? page.path("next_after").asString()
                    : data.isEmpty() ? null : data.path(data.size() - 1).path("id").asString();
            if (!page.path("has_more").asBoolean() || next == null) {
                throw ApiException.invalid("resource_missing", "ending_before", "No such object: '" + endingBefore + "'");
            }
            nativeQuery.put("starting_after", next);
        }
    }

    /** A Stripe list at {@code url} of the native list {@code fetch} reads, each object worded by {@code shape}. */
    ResponseEntity<byte[]> list(String url, Map<String, String> query, Function<Map<String, String>, JsonNode> fetch,
                                Function<JsonNode, Map<String, Object>> shape) {
        JsonNode page = page(query, fetch);
        return ok(StripeObjects.list(url, StripeObjects.each(page.path("data"), shape), page.path("has_more").asBoolean()));
    }

    ResponseEntity<byte[]> ok(Map<String, Object> body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsBytes(body));
    }

    /** Sends a native command's answer in {@code wording}'s words (the ones its key stored). */
    ResponseEntity<byte[]> send(ResponseEntity<byte[]> nativeAnswer, Wording wording) {
        AnswerShape.Worded worded = wording.apply(nativeAnswer.getStatusCode().value(), nativeAnswer.getBody());
        return ResponseEntity.status(worded.status()).contentType(MediaType.APPLICATION_JSON).body(worded.body());
    }

    /**
     * A Stripe wording of one request's native answers: a success as the Stripe object {@code object} makes of the
     * native one, an error in Stripe's words ({@code decline} adds the object a card error carries). The wording the
     * pipeline stored under the key is the one answered: the same bytes are worded once and remembered.
     */
    Wording wording(Function<JsonNode, Map<String, Object>> object, Function<Map<String, Object>, Map<String, Object>> decline) {
        return new Wording(object, decline);
    }

    final class Wording implements AnswerShape {
        private final Function<JsonNode, Map<String, Object>> object;
        private final Function<Map<String, Object>, Map<String, Object>> decline;
        private byte[] lastInput;
        private Worded lastOutput;

        private Wording(Function<JsonNode, Map<String, Object>> object, Function<Map<String, Object>, Map<String, Object>> decline) {
            this.object = object;
            this.decline = decline;
        }

        @Override
        public synchronized Worded apply(int status, byte[] body) {
            if (lastInput != null && Arrays.equals(lastInput, body)) {
                return lastOutput;
            }
            Worded worded = word(status, body);
            lastInput = body;
            lastOutput = worded;
            return worded;
        }

        private Worded word(int status, byte[] body) {
            JsonNode answer = json.readTree(body);
            if (status < 300) {
                return new Worded(status, json.writeValueAsBytes(object.apply(answer)));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> error = json.convertValue(answer.path("error"), LinkedHashMap.class);
            Map<String, Object> stripe = new LinkedHashMap<>(StripeErrors.words(error, status));
            if (status == 402 && decline != null) {
                stripe.putAll(decline.apply(error));
            }
            int stripeStatus = StripeErrors.status(ApiException.of(status, String.valueOf(error.get("type")),
                    String.valueOf(error.get("code")), "", null));
            return new Worded(stripeStatus, json.writeValueAsBytes(Map.of("error", stripe)));
        }
    }

    /** Test values ({@code pm_card_visa}, {@code tok_visa}) only with a test key; elsewhere they are no such object. */
    static Optional<String> testCard(String value, HttpServletRequest request) {
        Optional<String> number = StripeTestValues.cardNumber(value);
        if (number.isPresent() && !Caller.of(request).testMode()) {
            throw ApiException.invalid("resource_missing", "payment_method", "No such PaymentMethod: '" + value
                    + "'; Stripe's test values work with test keys only.");
        }
        return number;
    }
}
