package dev.payrail.server.stripe;

import dev.payrail.server.api.ApiException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Stripe's request parameters, as its libraries send them: {@code application/x-www-form-urlencoded} (or a query
 * string) with nested names, {@code metadata[order]=1}, {@code expand[]=latest_charge} or {@code expand[0]=...}
 * (stripe-java numbers list items), {@code items[0][price]=...}. Read into a tree of names to strings, lists and
 * nested trees, then read strictly: an unknown name is refused with Stripe's own words ("Received unknown parameter"),
 * and so is a value of the wrong type, naming the parameter as Stripe does ({@code card[number]}).
 */
final class StripeForm {
    private final Map<String, Object> tree;
    private final String prefix;

    private StripeForm(Map<String, Object> tree, String prefix) {
        this.tree = tree;
        this.prefix = prefix;
    }

    static StripeForm parse(String encoded) {
        Map<String, Object> tree = new LinkedHashMap<>();
        if (encoded != null && !encoded.isEmpty()) {
            for (String pair : encoded.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                put(tree, name, value);
            }
        }
        return new StripeForm(tree, "");
    }

    static StripeForm parse(byte[] body) {
        return parse(body == null ? "" : new String(body, StandardCharsets.UTF_8));
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw ApiException.invalid("parameter_invalid", null, "The request's parameters are not valid form encoding.");
        }
    }

    /** Puts {@code a[b][]} = v into the tree: names before the first bracket, then each bracketed part. */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> tree, String name, String value) {
        List<String> parts = new ArrayList<>();
        int bracket = name.indexOf('[');
        parts.add(bracket < 0 ? name : name.substring(0, bracket));
        while (bracket >= 0) {
            int close = name.indexOf(']', bracket);
            if (close < 0) {
                throw ApiException.invalid("parameter_invalid", name, "Invalid parameter name: " + name);
            }
            parts.add(name.substring(bracket + 1, close));
            bracket = name.indexOf('[', close);
        }
        Object node = tree;
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            boolean last = i == parts.size() - 1;
            Object child = last ? value : null;
            if (node instanceof Map<?, ?> map) {
                Map<String, Object> m = (Map<String, Object>) map;
                if (last) {
                    m.put(part, value);
                    return;
                }
                boolean nextIsIndex = parts.get(i + 1).isEmpty() || parts.get(i + 1).chars().allMatch(Character::isDigit);
                node = m.computeIfAbsent(part, k -> nextIsIndex ? new TreeMap<Integer, Object>() : new LinkedHashMap<String, Object>());
            } else if (node instanceof TreeMap<?, ?> indexed) {
                TreeMap<Integer, Object> list = (TreeMap<Integer, Object>) indexed;
                int index = part.isEmpty() ? list.size() : Integer.parseInt(part);
                if (last) {
                    list.put(index, child);
                    return;
                }
                node = list.computeIfAbsent(index, k -> new LinkedHashMap<String, Object>());
            } else {
                throw ApiException.invalid("parameter_invalid", name, "Invalid parameter name: " + name);
            }
        }
    }

    /** Refuses any parameter not in {@code allowed}, as Stripe does. */
    StripeForm allowOnly(Set<String> allowed) {
        for (String name : tree.keySet()) {
            if (!allowed.contains(name)) {
                throw ApiException.invalid("parameter_unknown", param(name), "Received unknown parameter: " + param(name));
            }
        }
        return this;
    }

    boolean has(String name) {
        return tree.containsKey(name);
    }

    String param(String name) {
        return prefix.isEmpty() ? name : prefix.substring(0, prefix.length() - 1) + "[" + name + "]";
    }

    Optional<String> string(String name) {
        Object value = tree.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s)) {
            throw ApiException.invalid("parameter_invalid_string", param(name), "Invalid string: " + param(name) + " must be a string.");
        }
        return Optional.of(s);
    }

    Optional<Long> integer(String name) {
        return string(name).map(s -> {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException notInteger) {
                throw ApiException.invalid("parameter_invalid_integer", param(name), "Invalid integer: " + s);
            }
        });
    }

    Optional<Boolean> bool(String name) {
        return string(name).map(s -> switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.invalid("parameter_invalid_boolean", param(name), "Invalid boolean: " + s);
        });
    }

    /** A nested hash ({@code card[number]=...}), read with the same strictness; empty when absent. */
    Optional<StripeForm> object(String name) {
        Object value = tree.get(name);
        if (value == null || "".equals(value)) {
            return Optional.empty();
        }
        if (!(value instanceof LinkedHashMap<?, ?> map)) {
            throw ApiException.invalid("parameter_invalid", param(name), "Invalid hash: " + param(name) + " must be a hash.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) map;
        return Optional.of(new StripeForm(nested, param(name) + "."));
    }

    /** A hash of strings ({@code metadata}); an empty value ({@code metadata=}) is an empty hash, as Stripe reads it. */
    Optional<Map<String, String>> strings(String name) {
        Object value = tree.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if ("".equals(value)) {
            return Optional.of(Map.of());
        }
        StripeForm nested = object(name).orElseThrow();
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : nested.tree.keySet()) {
            out.put(key, nested.string(key).orElse(""));
        }
        return Optional.of(out);
    }

    /** A list of strings: {@code a[]=x&a[]=y}, {@code a[0]=x&a[1]=y}, or one {@code a=x}. */
    List<String> list(String name) {
        Object value = tree.get(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return s.isEmpty() ? List.of() : List.of(s);
        }
        if (value instanceof TreeMap<?, ?> indexed) {
            List<String> items = new ArrayList<>();
            for (Object item : indexed.values()) {
                if (!(item instanceof String s)) {
                    throw ApiException.invalid("parameter_invalid", param(name), "Invalid array: " + param(name) + " must be a list of strings.");
                }
                items.add(s);
            }
            return items;
        }
        throw ApiException.invalid("parameter_invalid", param(name), "Invalid array: " + param(name) + " must be a list.");
    }

    /** {@code expand[]}: the names of the fields to expand, each checked against those this resource expands. */
    List<String> expand(Set<String> expandable) {
        List<String> asked = list("expand");
        for (String field : asked) {
            if (!expandable.contains(field)) {
                throw ApiException.invalid("parameter_invalid", "expand", "This property cannot be expanded (" + field
                        + "). Expandable here: " + String.join(", ", new java.util.TreeSet<>(expandable)) + ".");
            }
        }
        return asked;
    }
}
