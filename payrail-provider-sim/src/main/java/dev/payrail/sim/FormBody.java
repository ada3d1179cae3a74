package dev.payrail.sim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Decodes Stripe's form bodies with bracket notation ({@code card[number]=...}) into nested maps of strings. */
final class FormBody {
    private FormBody() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String body) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return root;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            String[] path = key.replace("]", "").split("\\[");
            Map<String, Object> node = root;
            for (int i = 0; i < path.length - 1; i++) {
                node = (Map<String, Object>) node.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
            }
            node.put(path[path.length - 1], value);
        }
        return root;
    }
}
