package dev.payrail.server.deliveries;

import dev.payrail.server.events.EventDeliveryStore;
import dev.payrail.server.api.ListPage;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import dev.payrail.server.events.EventLog;
import dev.payrail.server.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Merchants register where their events go, rotate the signing secret, and see and redo deliveries. */
@RestController
public class WebhookEndpointController {
    private final WebhookEndpointStore endpoints;
    private final EventDeliveryStore deliveries;
    private final JsonMapper json;
    private final EndpointAddresses addresses;

    WebhookEndpointController(WebhookEndpointStore endpoints, EventDeliveryStore deliveries, JsonMapper json,
                              EndpointAddresses addresses) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.json = json;
        this.addresses = addresses;
    }

    @Operation(operationId = "createWebhookEndpoint", summary = "Register an endpoint; its signing secret is shown in this answer only")
    @PostMapping("/v1/webhook_endpoints")
    public Map<String, Object> create(@Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                      @Parameter(hidden = true) HttpServletRequest request) {
        JsonParams params = JsonParams.parse(json, body, Set.of("url", "enabled_events"));
        String url = params.requiredString("url", 2048);
        List<String> events = enabledEvents(body);
        return register(request, url, events, "payrail");
    }

    /**
     * Registers an endpoint of the merchant calling, for the events of Payrail's {@code types} ("*" for all), its
     * deliveries worded in {@code format}: Payrail's, or Stripe's for one registered through the Stripe-compatible API.
     * The answer is the endpoint's view with its secret, shown this once.
     */
    public Map<String, Object> register(HttpServletRequest request, String url, List<String> types, String format) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException bad) {
            throw ApiException.invalid("url_invalid", "url", "url is not a valid URL.");
        }
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw ApiException.invalid("url_invalid", "url", "url must be an http or https URL.");
        }
        boolean livemode = !Caller.of(request).testMode();
        addresses.refusal(uri, livemode).ifPresent(why -> {
            throw ApiException.invalid("url_not_allowed", "url", "url is not allowed: " + why);
        });
        WebhookEndpointStore.Endpoint endpoint = endpoints.create(Caller.of(request).merchantId(), url, types, livemode, format);
        Map<String, Object> answer = endpoint.view();
        answer.put("secret", endpoint.secret());
        return answer;
    }

    @Operation(operationId = "listWebhookEndpoints", summary = "The merchant's endpoints")
    @GetMapping("/v1/webhook_endpoints")
    public Map<String, Object> list(@Parameter(hidden = true) HttpServletRequest request) {
        return ListPage.whole("/v1/webhook_endpoints",
                endpoints.list(Caller.of(request).merchantId()).stream().map(WebhookEndpointStore.Endpoint::view).toList());
    }

    @Operation(operationId = "retrieveWebhookEndpoint", summary = "An endpoint (without its secret)")
    @GetMapping("/v1/webhook_endpoints/{id}")
    public Map<String, Object> retrieve(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) {
        return require(id, request).view();
    }

    @Operation(operationId = "deleteWebhookEndpoint", summary = "Stop sending events to an endpoint")
    @DeleteMapping("/v1/webhook_endpoints/{id}")
    public Map<String, Object> delete(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) {
        if (!endpoints.delete(Caller.of(request).merchantId(), id)) {
            throw ApiException.notFound("webhook_endpoint", id);
        }
        return Map.of("id", id, "object", "webhook_endpoint", "deleted", true);
    }

    @Operation(operationId = "rotateWebhookEndpointSecret", summary = "New signing secret; the old one stays valid for expires_in seconds (default 24 h)")
    @PostMapping("/v1/webhook_endpoints/{id}/rotate_secret")
    public Map<String, Object> rotate(@PathVariable String id, @Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                      @Parameter(hidden = true) HttpServletRequest request) {
        JsonParams params = JsonParams.parse(json, body, Set.of("expires_in"));
        long overlap = params.optionalLong("expires_in").orElse(86_400L);
        if (overlap < 0 || overlap > 7 * 86_400L) {
            throw ApiException.invalid("parameter_invalid_integer", "expires_in", "expires_in must be 0 to 604800 seconds.");
        }
        require(id, request);
        WebhookEndpointStore.Endpoint rotated = endpoints.rotate(Caller.of(request).merchantId(), id, Duration.ofSeconds(overlap));
        Map<String, Object> answer = rotated.view();
        answer.put("secret", rotated.secret());
        return answer;
    }

    @Operation(operationId = "listEventDeliveries", summary = "An endpoint's deliveries with every attempt")
    @GetMapping("/v1/webhook_endpoints/{id}/deliveries")
    public Map<String, Object> deliveries(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) {
        require(id, request);
        return ListPage.whole("/v1/webhook_endpoints/" + id + "/deliveries", deliveries.ofEndpoint(id));
    }

    @Operation(operationId = "redeliverEvent", summary = "Send a delivery again, with a fresh round of retries")
    @PostMapping("/v1/event_deliveries/{id}/redeliver")
    public Map<String, Object> redeliver(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) {
        return deliveries.redeliverAndView(Caller.of(request).merchantId(), id)
                .orElseThrow(() -> ApiException.notFound("event_delivery", id));
    }

    private WebhookEndpointStore.Endpoint require(String id, HttpServletRequest request) {
        return endpoints.find(Caller.of(request).merchantId(), id).orElseThrow(() -> ApiException.notFound("webhook_endpoint", id));
    }

    private List<String> enabledEvents(byte[] body) {
        JsonNode events = json.readTree(body).path("enabled_events");
        if (events.isMissingNode() || events.isNull()) {
            return List.of("*");
        }
        if (!events.isArray() || events.isEmpty()) {
            throw ApiException.invalid("parameter_invalid", "enabled_events", "enabled_events must be a non-empty list.");
        }
        List<String> types = new ArrayList<>();
        for (JsonNode type : events) {
            if (!type.isString() || !(type.asString().equals("*") || EventLog.TYPES.contains(type.asString()))) {
                throw ApiException.invalid("parameter_invalid", "enabled_events", "Unknown event type: " + type);
            }
            types.add(type.asString());
        }
        return types;
    }
}
