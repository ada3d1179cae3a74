package dev.payrail.server.api;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The query string of a list endpoint, checked the way bodies are: an unknown parameter or a malformed
 * value is a 400 naming it. {@code created[gte]}/{@code created[lte]} are Unix seconds, both inclusive.
 */
public final class QueryParams {
    private final Map<String, String> query;

    private QueryParams(Map<String, String> query) {
        this.query = query;
    }

    public static QueryParams of(Map<String, String> query, Set<String> allowed) {
        for (String name : query.keySet()) {
            if (!allowed.contains(name)) {
                throw ApiException.invalid("parameter_unknown", name, "Received unknown parameter: " + name);
            }
        }
        return new QueryParams(query);
    }

    public Optional<String> text(String name) {
        return Optional.ofNullable(query.get(name));
    }

    public Optional<Long> integer(String name, long min, long max) {
        String raw = query.get(name);
        if (raw == null) {
            return Optional.empty();
        }
        try {
            long value = Long.parseLong(raw);
            if (value < min || value > max) {
                throw ApiException.invalid("parameter_invalid_integer", name, name + " must be between " + min + " and " + max + ".");
            }
            return Optional.of(value);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("parameter_invalid_integer", name, name + " must be an integer.");
        }
    }

    /** A parameter naming one of a fixed set of values ({@code parse} answers empty for others: a 400). */
    public <T> Optional<T> oneOf(String name, Function<String, Optional<T>> parse) {
        return text(name).map(raw -> parse.apply(raw)
                .orElseThrow(() -> ApiException.invalid("parameter_invalid", name, "Unknown " + name + ": " + raw)));
    }

    /**
     * The page cursor: the {@code objectName} that {@code starting_after} names, as {@code find} reads it for
     * the caller (another merchant's id is as unknown as a made-up one: a 400).
     */
    public <T> Optional<T> cursor(String objectName, Function<String, Optional<T>> find) {
        return text("starting_after").map(id -> find.apply(id).orElseThrow(() -> ApiException.invalid("parameter_invalid",
                "starting_after", "No such " + objectName + ": '" + id + "'")));
    }

    /** {@code limit}, 1 to 100, default 10. */
    public int limit() {
        return (int) integer("limit", 1, 100).orElse(10L).longValue();
    }

    public Optional<Instant> createdFrom() {
        return integer("created[gte]", 0, Long.MAX_VALUE / 1000).map(Instant::ofEpochSecond);
    }

    /** The end of the second named by {@code created[lte]}. */
    public Optional<Instant> createdUntil() {
        return integer("created[lte]", 0, Long.MAX_VALUE / 1000).map(s -> Instant.ofEpochSecond(s).plusSeconds(1).minusNanos(1));
    }
}
