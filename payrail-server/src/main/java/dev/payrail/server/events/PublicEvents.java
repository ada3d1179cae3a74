package dev.payrail.server.events;

import dev.payrail.server.database.FilteredQuery;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The public rows of the payment timeline, in the event envelope of docs/events.md. */
@Repository
public class PublicEvents {
    private static final String COLUMNS = "id, type, api_version, object_seq, object::text as object, created_at, seq";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    PublicEvents(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Any merchant's event by id: for delivery. */
    public Optional<Map<String, Object>> envelope(String eventId) {
        return jdbc.sql("select " + COLUMNS + " from payment_events where id = ? and object is not null")
                .param(eventId).query((rs, n) -> envelope(rs)).optional();
    }

    Optional<Map<String, Object>> find(String merchantId, String eventId) {
        return jdbc.sql("select " + COLUMNS + " from payment_events where id = ? and merchant_id = ? and object is not null")
                .params(eventId, merchantId).query((rs, n) -> envelope(rs)).optional();
    }

    Optional<Long> position(String merchantId, String eventId) {
        return jdbc.sql("select seq from payment_events where id = ? and merchant_id = ? and object is not null")
                .params(eventId, merchantId).query(Long.class).optional();
    }

    /** Newest first, strictly before position {@code before}. */
    List<Map<String, Object>> page(String merchantId, String type, long before, int limit) {
        // the type condition only when asked for: a reused plan of "(? is null or type = ?)" would not know which
        FilteredQuery query = new FilteredQuery("select " + COLUMNS + " from payment_events"
                + " where merchant_id = :merchant and object is not null and seq < :before")
                .and("type = :type", "type", type)
                .then("order by seq desc limit :limit", Map.of("merchant", merchantId, "before", before, "limit", limit));
        return jdbc.sql(query.sql()).params(query.params()).query((rs, n) -> envelope(rs)).list();
    }

    private Map<String, Object> envelope(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", rs.getString("id"));
        event.put("object", "event");
        event.put("type", rs.getString("type"));
        event.put("api_version", rs.getString("api_version"));
        event.put("created", rs.getTimestamp("created_at").toInstant().getEpochSecond());
        event.put("livemode", false);
        event.put("sequence", rs.getInt("object_seq"));
        event.put("data", Map.of("object", json.readValue(rs.getString("object"), new TypeReference<Map<String, Object>>() {
        })));
        return event;
    }
}
