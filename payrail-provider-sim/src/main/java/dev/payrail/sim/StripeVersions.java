package dev.payrail.sim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Stripe's API versions, as the Stripe face answers them: an answer is built as version 2020-08-27 has it, then reshaped
 * for the version the request names in {@code Stripe-Version}. From 2022-11-15 a PaymentIntent no longer lists its
 * {@code charges}; it names its {@code latest_charge}, an id unless the request expands it ({@code expand[]=latest_charge},
 * or {@code data.latest_charge} on a list). The requests each version received are counted, for tests to ask.
 */
final class StripeVersions {
    static final String DEFAULT = "2020-08-27";
    static final String LATEST_CHARGE = "2022-11-15";
    private static final Pattern EXPANDS_LATEST_CHARGE = Pattern.compile("(?:^|&)expand(?:\\[\\d*])?=(?:data\\.)?latest_charge(?:&|$)");

    private final Map<String, AtomicLong> received = new ConcurrentHashMap<>();

    /** The answer to a request with {@code Stripe-Version: version} (null: the account's default) and {@code params}. */
    SimResponse shaped(SimResponse answer, String version, String params) {
        String asked = version == null || version.isBlank() ? DEFAULT : version;
        received.computeIfAbsent(asked, v -> new AtomicLong()).incrementAndGet();
        if (asked.compareTo(LATEST_CHARGE) < 0 || answer.body() == null) {
            return answer;
        }
        String decoded = params == null ? "" : URLDecoder.decode(params, StandardCharsets.UTF_8);
        boolean expand = EXPANDS_LATEST_CHARGE.matcher(decoded).find();
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) reshape(answer.body(), expand);
        return new SimResponse(answer.status(), body, answer.delay());
    }

    /** Requests received per Stripe-Version. */
    Map<String, Object> received() {
        Map<String, Object> counts = new TreeMap<>();
        received.forEach((v, n) -> counts.put(v, n.get()));
        return Map.of("api_versions", counts);
    }

    @SuppressWarnings("unchecked")
    private static Object reshape(Object node, boolean expand) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            boolean intent = "payment_intent".equals(map.get("object"));
            map.forEach((k, v) -> {
                if (!(intent && "charges".equals(k))) {
                    copy.put((String) k, reshape(v, expand));
                }
            });
            if (intent) {
                Object charge = map.get("charges") instanceof Map<?, ?> charges && charges.get("data") instanceof List<?> data
                        && !data.isEmpty() ? data.get(0) : null;
                copy.put("latest_charge", charge == null ? null
                        : expand ? reshape(charge, true) : ((Map<String, Object>) charge).get("id"));
            }
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(reshape(v, expand)));
            return copy;
        }
        return node;
    }
}
