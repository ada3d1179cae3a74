package dev.payrail.server.idempotency;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request body in the form two equal requests share: for JSON, the parsed value written back with every
 * object's keys in order and no white space, so that {"currency": "usd", "amount": 100} and
 * {"amount":100,"currency":"usd"} are the same request (as Stripe compares parameters, not bytes). A body that
 * is not JSON is compared as it is. Values are kept exactly: 100 and 100.0, or "100" and 100, stay different.
 */
final class CanonicalBody {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CanonicalBody() {
    }

    static byte[] of(byte[] body) {
        if (body.length == 0) {
            return body;
        }
        try {
            JsonNode parsed = JSON.readTree(body);
            return parsed == null || parsed.isMissingNode() ? body : JSON.writeValueAsBytes(sorted(parsed));
        } catch (JacksonException notJson) {
            return formPairsInOrder(body);
        }
    }

    /**
     * A form body ({@code a=1&b[c]=2}, the Stripe-compatible surface's) with its pairs ordered by name, the pairs of one
     * name (an array's items) kept in their order. Any other body is compared as it is.
     */
    private static byte[] formPairsInOrder(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        if (text.isBlank() || text.chars().anyMatch(Character::isWhitespace)) {
            return body;
        }
        List<String> pairs = new ArrayList<>(List.of(text.split("&")));
        pairs.sort(java.util.Comparator.comparing(pair -> pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair));
        return String.join("&", pairs).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Object sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> fields = new TreeMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                fields.put(field.getKey(), sorted(field.getValue()));
            }
            return fields;
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.values().forEach(item -> items.add(sorted(item)));
            return items;
        }
        return node;    // a scalar as parsed: its type and its digits are part of the request
    }
}
