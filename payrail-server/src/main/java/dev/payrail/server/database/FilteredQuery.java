package dev.payrail.server.database;

import java.util.HashMap;
import java.util.Map;

/**
 * A query whose where clause grows with the filters a request gave: each condition is added, with its
 * named parameters, only when its value is present, so that an absent filter costs nothing in the plan.
 */
public final class FilteredQuery {
    private final StringBuilder sql;
    private final Map<String, Object> params = new HashMap<>();

    /** {@code selectWhere} ends with a where clause the conditions are and-ed to ({@code where true} will do). */
    public FilteredQuery(String selectWhere) {
        this.sql = new StringBuilder(selectWhere);
    }

    /** Adds {@code and condition} with parameter {@code name} when {@code value} is not null. */
    public FilteredQuery and(String condition, String name, Object value) {
        return value == null ? this : and(condition, Map.of(name, value));
    }

    /** Adds {@code and condition} with several named parameters. */
    public FilteredQuery and(String condition, Map<String, Object> values) {
        sql.append(" and ").append(condition);
        params.putAll(values);
        return this;
    }

    /** Appends what follows the conditions (order, limit), with its parameters. */
    public FilteredQuery then(String tail, Map<String, Object> values) {
        sql.append(' ').append(tail);
        params.putAll(values);
        return this;
    }

    public String sql() {
        return sql.toString();
    }

    public Map<String, Object> params() {
        return params;
    }
}
