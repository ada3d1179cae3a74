package dev.payrail.server.payments;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * /v1/events: the merchant's events, newest first, in the versioned envelope documented in docs/events.md
 * ({@code id, object, type, api_version, created, sequence, data.object}). They are the public rows of the
 * payment timeline, written in the transaction of the change they announce.
 */
@RestController
@RequestMapping("/v1/events")
public class EventController {
    private static final String COLUMNS = "id, type, api_version, object_seq, object::text as object, created_at, seq";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    EventController(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Operation(operationId = "listEvents", summary = "Events newest first; type filter, cursor pagination")
    @GetMapping
    public Map<String, Object> list(@RequestParam(required = false) String type,
                                    @RequestParam(required = false, name = "starting_after") String startingAfter,
                                    @RequestParam(defaultValue = "10") int limit,
                                    @Parameter(hidden = true) HttpServletRequest request) {
        String merchantId = Caller.of(request).merchantId();
        if (limit < 1 || limit > 100) {
            throw ApiException.invalid("parameter_invalid_integer", "limit", "limit must be between 1 and 100.");
        }
        Long cursor = Optional.ofNullable(startingAfter).map(id -> jdbc.sql(
                        "select seq from payment_events where id = ? and merchant_id = ? and object is not null")
                .params(id, merchantId).query(Long.class).optional()
                .orElseThrow(() -> ApiException.invalid("parameter_invalid", "starting_after", "No such event: '" + id + "'")))
                .orElse(Long.MAX_VALUE);
        List<Map<String, Object>> page = jdbc.sql("select " + COLUMNS + " from payment_events"
                        + " where merchant_id = ? and object is not null and seq < ? and (?::text is null or type = ?)"
                        + " order by seq desc limit ?")
                .params(merchantId, cursor, type, type, limit + 1)
                .query((rs, n) -> envelope(rs)).list();
        boolean hasMore = page.size() > limit;
        return PaymentJson.list("/v1/events", page.subList(0, Math.min(limit, page.size())), hasMore);
    }

    @Operation(operationId = "retrieveEvent", summary = "Retrieve an event")
    @GetMapping("/{id}")
    public Map<String, Object> retrieve(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) {
        return jdbc.sql("select " + COLUMNS + " from payment_events where id = ? and merchant_id = ? and object is not null")
                .params(id, Caller.of(request).merchantId())
                .query((rs, n) -> envelope(rs)).optional()
                .orElseThrow(() -> ApiException.notFound("event", id));
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
