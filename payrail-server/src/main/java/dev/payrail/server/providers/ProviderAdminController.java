package dev.payrail.server.providers;

import dev.payrail.server.api.ListPage;
import dev.payrail.core.providers.PaymentProvider;
import dev.payrail.core.providers.ProviderRegistry;
import dev.payrail.server.routing.RoutingStore;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What operators see of each provider: wire format version, kill switch and circuit state. */
@RestController
public class ProviderAdminController {
    private final ProviderRegistry providers;
    private final RoutingStore routing;

    ProviderAdminController(ProviderRegistry providers, RoutingStore routing) {
        this.providers = providers;
        this.routing = routing;
    }

    @Operation(operationId = "listProviders", summary = "Providers with their kill switch and circuit state (admin token)")
    @GetMapping("/v1/admin/providers")
    public Map<String, Object> list() {
        Set<String> disabled = routing.disabledProviders();
        List<Map<String, Object>> data = providers.names().stream().map(name -> {
            PaymentProvider provider = providers.get(name);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", name);
            json.put("api_version", provider.apiVersion());
            json.put("enabled", !disabled.contains(name));
            json.put("circuit", provider instanceof ResilientProvider guarded
                    ? guarded.circuitState().name().toLowerCase(Locale.ROOT) : "none");
            return json;
        }).toList();
        return ListPage.whole("/v1/admin/providers", data);
    }
}
