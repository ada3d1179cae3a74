package dev.payrail.server.webhooks;

import dev.payrail.server.commands.Answer;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.commands.CommandPipeline;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.http.ResponseEntity;
import dev.payrail.server.api.ListPage;
import dev.payrail.server.api.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Operators list, inspect and replay the inbox of provider events. */
@RestController
@RequestMapping("/v1/admin/provider_events")
public class ProviderEventAdminController {
    private final ProviderEventStore inbox;
    private final CommandPipeline pipeline;

    ProviderEventAdminController(ProviderEventStore inbox, CommandPipeline pipeline) {
        this.inbox = inbox;
        this.pipeline = pipeline;
    }

    @Operation(operationId = "listProviderEvents", summary = "Inbox of provider webhooks, newest first (admin token)")
    @GetMapping
    public Map<String, Object> list(@RequestParam(required = false) String status,
                                    @RequestParam(defaultValue = "50") int limit) {
        return ListPage.whole("/v1/admin/provider_events",
                inbox.list(Optional.ofNullable(status), Math.max(1, Math.min(limit, 500))).stream()
                        .map(ProviderEventStore::json).toList());
    }

    @Operation(operationId = "retrieveProviderEvent", summary = "One provider event with its payload (admin token)")
    @GetMapping("/{id}")
    public Map<String, Object> retrieve(@PathVariable String id) {
        ProviderEventStore.Row row = inbox.find(id).orElseThrow(() -> ApiException.notFound("provider_event", id));
        Map<String, Object> json = new LinkedHashMap<>(ProviderEventStore.json(row));
        json.put("payload", row.payload());
        return json;
    }

    @Operation(operationId = "replayProviderEvent", summary = "Queue a provider event to be applied again (admin token)")
    @PostMapping("/{id}/replay")
    public ResponseEntity<byte[]> replay(@PathVariable String id, @Parameter(hidden = true) CommandOrigin origin) {
        return pipeline.respond(pipeline.once(origin, id, objectId -> Answer.ok(retrieve(objectId), objectId), () -> {
            if (!inbox.replay(id)) {
                throw ApiException.notFound("provider_event", id);
            }
            return Answer.ok(retrieve(id), id);
        }));
    }
}
