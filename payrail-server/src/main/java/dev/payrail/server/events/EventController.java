package dev.payrail.server.events;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.ListPage;
import dev.payrail.server.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

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
    private final PublicEvents events;

    EventController(PublicEvents events) {
        this.events = events;
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
        long before = Optional.ofNullable(startingAfter).map(id -> events.position(merchantId, id)
                .orElseThrow(() -> ApiException.invalid("parameter_invalid", "starting_after", "No such event: '" + id + "'")))
                .orElse(Long.MAX_VALUE);
        return ListPage.of("/v1/events", events.page(merchantId, type, before, limit + 1), limit, event -> event);
    }

    @Operation(operationId = "retrieveEvent", summary = "Retrieve an event")
    @GetMapping("/{id}")
    public Map<String, Object> retrieve(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) {
        return events.find(Caller.of(request).merchantId(), id).orElseThrow(() -> ApiException.notFound("event", id));
    }
}
