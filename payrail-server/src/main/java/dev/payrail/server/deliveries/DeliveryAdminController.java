package dev.payrail.server.deliveries;

import dev.payrail.server.events.EventDeliveryStore;
import dev.payrail.server.api.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** Operators redeliver any merchant's event (from the console's outbox page). */
@RestController
class DeliveryAdminController {
    private final EventDeliveryStore deliveries;

    DeliveryAdminController(EventDeliveryStore deliveries) {
        this.deliveries = deliveries;
    }

    @Operation(operationId = "redeliverEventAsOperator", summary = "Send any merchant's delivery again, with a fresh "
            + "round of retries (operator role)")
    @PostMapping("/v1/admin/event_deliveries/{id}/redeliver")
    public Map<String, Object> redeliver(@PathVariable String id) {
        return deliveries.redeliverAnyAndView(id).orElseThrow(() -> ApiException.notFound("event_delivery", id));
    }
}
