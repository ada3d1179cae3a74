package dev.payrail.server.api;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON request body read strictly: unknown parameters, wrong types and out-of-range values are
 * refused with a 400 naming the parameter, before anything is done. No silent coercion: "100" is
 * not an integer and 10.5 is not an amount.
 */
public final class JsonParams {
    private final JsonNode node;
    private final String prefix;

    private JsonParams(JsonNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    public static JsonParams parse(JsonMapper json, byte[] body, Set<String> allowed) {
        return checked(object(json, body), "", allowed);
    }

    /** The body as a JSON object (empty for no body); malformed JSON or another JSON type is a 400. */
    public static JsonNode object(JsonMapper json, byte[] body) {
        if (body == null || body.length == 0) {
            return json.createObjectNode();
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException malformed) {
            if (String.valueOf(malformed.getOriginalMessage()).startsWith("Duplicate ")) {
                throw ApiException.invalid("body_duplicate_key", null, "The request body names a key twice.");
            }
            throw ApiException.invalid("body_invalid", null, "The request body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.invalid("body_invalid", null, "The request body must be a JSON object.");
        }
        return node;
    }

    private static JsonParams checked(JsonNode node, String prefix, Set<String> allowed) {
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                throw ApiException.invalid("parameter_unknown", prefix + name, "Received unknown parameter: " + prefix + name);
            }
        }
        return new JsonParams(node, prefix);
    }

    /** Whether the body sends {@code name} as JSON null (an update's way of clearing a field). */
    public boolean isNull(String name) {
        JsonNode value = node.get(name);
        return value != null && value.isNull();
    }

    public boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    public long requiredLong(String name) {
        return optionalLong(name).orElseThrow(() -> missing(name));
    }

    public Optional<Long> optionalLong(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ApiException.invalid("parameter_invalid_integer", param(name), param(name) + " must be an integer.");
        }
        return Optional.of(value.longValue());
    }

    public String requiredString(String name, int maxLength) {
        return optionalString(name, maxLength).orElseThrow(() -> missing(name));
    }

    public Optional<String> optionalString(String name, int maxLength) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!value.isString()) {
            throw ApiException.invalid("parameter_invalid_string", param(name), param(name) + " must be a string.");
        }
        String text = value.stringValue();
        requireStorableText(param(name), text);
        if (text.length() > maxLength) {
            throw ApiException.invalid("parameter_too_long", param(name),
                    param(name) + " must be at most " + maxLength + " characters.");
        }
        return Optional.of(text);
    }

    public Optional<Boolean> optionalBoolean(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!value.isBoolean()) {
            throw ApiException.invalid("parameter_invalid_boolean", param(name), param(name) + " must be true or false.");
        }
        return Optional.of(value.booleanValue());
    }

    /** A flag that may also be one of {@code words} (Stripe's {@code off_session}: true, false, one_off, recurring). */
    public Optional<String> optionalFlagOrWord(String name, Set<String> words) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (value.isBoolean()) {
            return Optional.of(Boolean.toString(value.booleanValue()));
        }
        if (value.isString() && words.contains(value.stringValue())) {
            return Optional.of(value.stringValue());
        }
        throw ApiException.invalid("parameter_invalid", param(name), param(name) + " must be true, false or one of: "
                + String.join(", ", new java.util.TreeSet<>(words)) + ".");
    }

    public Optional<JsonParams> optionalObject(String name, Set<String> allowed) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!value.isObject()) {
            throw ApiException.invalid("parameter_invalid_object", param(name), param(name) + " must be an object.");
        }
        return Optional.of(checked(value, param(name) + ".", allowed));
    }

    /** Free-form string pairs for the merchant's own use: at most 50 keys, keys 40 and values 500 characters. */
    public Map<String, String> metadata(String name) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (!has(name)) {
            return metadata;
        }
        JsonNode value = node.get(name);
        if (!value.isObject() || value.size() > 50) {
            throw ApiException.invalid("metadata_invalid", param(name),
                    param(name) + " must be an object of at most 50 string values.");
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String key = entry.getKey();
            JsonNode v = entry.getValue();
            if (key.isEmpty() || key.length() > 40 || !v.isString() || v.stringValue().length() > 500) {
                throw ApiException.invalid("metadata_invalid", param(name) + "." + key,
                        "metadata keys must be 1-40 characters and values strings of at most 500 characters.");
            }
            requireStorableText(param(name) + "." + key, key + v.stringValue());
            refuseCardNumber(param(name) + "." + key, v.stringValue());
            metadata.put(key, v.stringValue());
        }
        return metadata;
    }

    /**
     * An object of ISO 4217 currency codes to non-negative integer amounts in that currency's minor units,
     * such as {@code {"usd": 30, "jpy": 0}}; keys come back upper case.
     */
    public Map<String, Long> amountsByCurrency(String name) {
        Map<String, Long> amounts = new LinkedHashMap<>();
        if (!has(name)) {
            return amounts;
        }
        JsonNode value = node.get(name);
        if (!value.isObject()) {
            throw ApiException.invalid("parameter_invalid_object", param(name), param(name) + " must be an object.");
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String currency = entry.getKey();
            if (dev.payrail.core.money.CurrencyCode.parse(currency).isEmpty()) {
                throw ApiException.invalid("currency_invalid", param(name) + "." + currency, "Unknown currency: " + currency);
            }
            JsonNode amount = entry.getValue();
            if (!amount.isIntegralNumber() || !amount.canConvertToLong() || amount.longValue() < 0) {
                throw ApiException.invalid("parameter_invalid_integer", param(name) + "." + currency,
                        param(name) + "." + currency + " must be a non-negative integer in minor units.");
            }
            amounts.put(dev.payrail.core.money.CurrencyCode.of(currency).code(), amount.longValue());
        }
        return amounts;
    }

    /**
     * A free-text field (a description, a reference): like {@link #optionalString}, and refused when it holds
     * something that looks like a card number, which must reach Payrail only in its card fields.
     */
    public Optional<String> optionalFreeText(String name, int maxLength) {
        Optional<String> value = optionalString(name, maxLength);
        value.ifPresent(text -> refuseCardNumber(param(name), text));
        return value;
    }

    /**
     * Refuses text PostgreSQL cannot store or a reader would be misled by: NUL characters, unpaired UTF-16
     * surrogates (not Unicode at all), and other control characters except tab and line breaks.
     */
    public static void requireStorableText(String param, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                i++;
            } else if (Character.isSurrogate(c) || (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')) {
                throw ApiException.invalid("parameter_invalid_string", param,
                        param + " must be Unicode text without control characters.");
            }
        }
    }

    /** Refuses {@code text} if it holds a card number or an IBAN; the answer never repeats the text. */
    public static void refuseCardNumber(String param, String text) {
        if (!dev.payrail.core.cards.PanDetector.find(text).isEmpty()) {
            throw ApiException.invalid("parameter_contains_card_number", param,
                    param + " must not contain a card number; card data goes only in the card fields.");
        }
        if (dev.payrail.core.banks.Iban.appearsIn(text)) {
            throw ApiException.invalid("parameter_contains_bank_account", param,
                    param + " must not contain an IBAN; a bank account goes only in sepa_debit.iban.");
        }
    }

    /** A list of strings, each one of {@code allowed}, at most {@code maxItems}, no repeats. */
    public Optional<List<String>> optionalStringList(String name, Set<String> allowed, int maxItems) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!value.isArray() || value.size() > maxItems) {
            throw ApiException.invalid("parameter_invalid_array", param(name),
                    param(name) + " must be a list of at most " + maxItems + " strings.");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isString() || !allowed.contains(item.stringValue()) || items.contains(item.stringValue())) {
                throw ApiException.invalid("parameter_invalid", param(name), param(name) + " must list distinct values "
                        + "from: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ".");
            }
            items.add(item.stringValue());
        }
        return Optional.of(items);
    }

    public ApiException missing(String name) {
        return ApiException.invalid("parameter_missing", param(name), "Missing required param: " + param(name) + ".");
    }

    public String param(String name) {
        return prefix + name;
    }
}
