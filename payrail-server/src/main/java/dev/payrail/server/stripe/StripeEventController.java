package dev.payrail.server.stripe;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.deliveries.WebhookEndpointController;
import dev.payrail.server.events.EventController;
import dev.payrail.server.security.Caller;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Stripe's Events (retrieve, list) and WebhookEndpoints (create, retrieve, list, delete) over Payrail's. */
@Hidden
@RestController
class StripeEventController {
    private final EventController events;
    private final WebhookEndpointController endpoints;
    private final StripeEvents words;
    private final StripeCalls calls;

    StripeEventController(EventController events, WebhookEndpointController endpoints, StripeEvents words, StripeCalls calls) {
        this.events = events;
        this.endpoints = endpoints;
        this.words = words;
        this.calls = calls;
    }

    @GetMapping("/stripe/v1/events/{id}")
    public ResponseEntity<byte[]> retrieve(@PathVariable String id, HttpServletRequest request) {
        calls.query(request).allowOnly(Set.of("expand"));
        JsonNode event = calls.tree(events.retrieve(id, request));
        return calls.ok(words.wordTree(Caller.of(request).merchantId(), event)
                .orElseThrow(() -> ApiException.notFound("event", id)));
    }

    /**
     * Newest first, as Stripe lists them: Payrail's events this surface has words for, {@code type} in Stripe's name.
     * Pages of Payrail's events are read until this page is full or none are left, so that a page of events Stripe has
     * no words for does not end the libraries' auto-pagination early.
     */
    @GetMapping("/stripe/v1/events")
    public ResponseEntity<byte[]> list(HttpServletRequest request) {
        StripeForm query = calls.query(request);
        Map<String, String> nativeQuery = StripeParams.listQuery(query, Set.of("type"), Map.of());
        int limit = Integer.parseInt(nativeQuery.getOrDefault("limit", "10"));
        if (limit < 1 || limit > 100) {
            throw ApiException.invalid("parameter_invalid_integer", "limit", "limit must be between 1 and 100.");
        }
        if (nativeQuery.containsKey("created[gte]") || nativeQuery.containsKey("created[lte]")) {
            throw ApiException.invalid("parameter_unsupported", "created", "Events are listed by type and cursor here, not by created.");
        }
        List<String> types = Optional.ofNullable(nativeQuery.get("type")).map(t -> StripeEvents.payrailTypes(List.of(t)))
                .orElse(List.of());
        String merchantId = Caller.of(request).merchantId();
        if (nativeQuery.containsKey(StripeCalls.ENDING_BEFORE)) {
            JsonNode page = calls.page(nativeQuery, q -> worded(q.get("starting_after"), types, merchantId, request));
            return calls.ok(StripeObjects.list("/v1/events", StripeObjects.each(page.path("data"), calls::map),
                    page.path("has_more").asBoolean()));
        }
        List<Map<String, Object>> data = new ArrayList<>();
        String after = nativeQuery.get("starting_after");
        boolean more;
        fill:
        while (true) {
            JsonNode page = calls.tree(events.list(types.size() == 1 ? types.get(0) : null, after, 100, request));
            JsonNode fetched = page.path("data");
            for (int i = 0; i < fetched.size(); i++) {
                JsonNode event = fetched.path(i);
                after = event.path("id").asString();
                boolean wanted = types.isEmpty() || types.contains(event.path("type").asString());
                Optional<Map<String, Object>> worded = wanted ? words.wordTree(merchantId, event) : Optional.empty();
                if (worded.isPresent()) {
                    data.add(worded.get());
                    if (data.size() == limit) {
                        more = i < fetched.size() - 1 || page.path("has_more").asBoolean();
                        break fill;
                    }
                }
            }
            if (!page.path("has_more").asBoolean()) {
                more = false;
                break;
            }
        }
        return calls.ok(StripeObjects.list("/v1/events", data, more));
    }

    /** One page of Payrail's events after {@code after}, those this surface has words for, in Stripe's words. */
    private JsonNode worded(String after, List<String> types, String merchantId, HttpServletRequest request) {
        JsonNode page = calls.tree(events.list(types.size() == 1 ? types.get(0) : null, after, 100, request));
        List<Map<String, Object>> data = new ArrayList<>();
        String last = null;
        for (JsonNode event : page.path("data")) {
            last = event.path("id").asString();
            if (types.isEmpty() || types.contains(event.path("type").asString())) {
                words.wordTree(merchantId, event).ifPresent(data::add);
            }
        }
        Map<String, Object> worded = new java.util.LinkedHashMap<>();
        worded.put("data", data);
        worded.put("has_more", page.path("has_more").asBoolean());
        worded.put("next_after", last);
        return calls.tree(worded);
    }

    @PostMapping("/stripe/v1/webhook_endpoints")
    public ResponseEntity<byte[]> createEndpoint(HttpServletRequest request) {
        StripeForm form = calls.body(request).allowOnly(Set.of("url", "enabled_events", "api_version", "description", "metadata"));
        String url = form.string("url").orElseThrow(() -> StripeParams.missing("url"));
        List<String> names = form.list("enabled_events");
        if (names.isEmpty()) {
            throw StripeParams.missing("enabled_events");
        }
        form.string("api_version").filter(v -> !StripeObjects.API_VERSION.equals(v)).ifPresent(v -> {
            throw ApiException.invalid("parameter_invalid", "api_version", "Payrail words events in API version "
                    + StripeObjects.API_VERSION + " only.");
        });
        form.string("description").ifPresent(d -> {
            throw ApiException.invalid("parameter_unsupported", "description", "Endpoints have no description in Payrail.");
        });
        StripeParams.noMetadata(form, "Endpoints");
        return calls.ok(endpoint(calls.tree(endpoints.register(request, url, StripeEvents.payrailTypes(names), "stripe"))));
    }

    @GetMapping("/stripe/v1/webhook_endpoints/{id}")
    public ResponseEntity<byte[]> retrieveEndpoint(@PathVariable String id, HttpServletRequest request) {
        JsonNode endpoint = calls.tree(endpoints.retrieve(id, request));
        if (!"stripe".equals(endpoint.path("format").asString())) {
            throw ApiException.notFound("webhook_endpoint", id);
        }
        return calls.ok(endpoint(endpoint));
    }

    @GetMapping("/stripe/v1/webhook_endpoints")
    public ResponseEntity<byte[]> listEndpoints(HttpServletRequest request) {
        StripeParams.listQuery(calls.query(request), Set.of(), Map.of());
        List<Map<String, Object>> data = new ArrayList<>();
        calls.tree(endpoints.list(request)).path("data").forEach(endpoint -> {
            if ("stripe".equals(endpoint.path("format").asString())) {
                data.add(endpoint(endpoint));
            }
        });
        return calls.ok(StripeObjects.list("/v1/webhook_endpoints", data, false));
    }

    @DeleteMapping("/stripe/v1/webhook_endpoints/{id}")
    public ResponseEntity<byte[]> deleteEndpoint(@PathVariable String id, HttpServletRequest request) {
        retrieveEndpoint(id, request);
        endpoints.delete(id, request);
        return calls.ok(Map.of("id", id, "object", "webhook_endpoint", "deleted", true));
    }

    private static Map<String, Object> endpoint(JsonNode endpoint) {
        List<String> types = new ArrayList<>();
        endpoint.path("enabled_events").forEach(t -> types.add(t.asString()));
        return StripeObjects.webhookEndpoint(endpoint, StripeEvents.stripeNames(types));
    }
}
