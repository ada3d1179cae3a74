package dev.payrail.server.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Stripe's list object ({@code object: list, url, has_more, data}) over a page fetched with one row more
 * than {@code limit}: whether that extra row came is {@code has_more}.
 */
public final class ListPage {
    private ListPage() {
    }

    public static <T> Map<String, Object> of(String url, List<T> fetched, int limit, Function<T, Map<String, Object>> json) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("url", url);
        list.put("has_more", fetched.size() > limit);
        list.put("data", fetched.stream().limit(limit).map(json).toList());
        return list;
    }

    /** A list that is always whole (a merchant's endpoints, an endpoint's last deliveries): the same shape, no more to page. */
    public static Map<String, Object> whole(String url, List<? extends Map<String, ?>> data) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("url", url);
        list.put("has_more", false);
        list.put("data", data);
        return list;
    }
}
