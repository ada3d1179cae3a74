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
            return body;
        }
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
