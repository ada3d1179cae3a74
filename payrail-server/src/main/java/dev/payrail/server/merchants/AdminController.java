package dev.payrail.server.merchants;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import dev.payrail.server.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Operator endpoints, behind the admin token: create merchants and issue their API keys. */
@RestController
@RequestMapping("/v1/admin/merchants")
public class AdminController {
    private final MerchantStore merchants;
    private final JsonMapper json;

    public AdminController(MerchantStore merchants, JsonMapper json) {
        this.merchants = merchants;
        this.json = json;
    }

    /** Creates a merchant with a first secret key, shown in this response only. */
    @Operation(operationId = "createMerchant", summary = "Create a merchant and its first secret key (admin token)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = NewMerchant.class))))
    @PostMapping
    public ResponseEntity<Map<String, Object>> create(@Parameter(hidden = true) @RequestBody(required = false) byte[] body) {
        JsonParams params = JsonParams.parse(json, body, Set.of("name"));
        String name = params.optionalFreeText("name", 200).orElseThrow(() -> params.missing("name")).strip();
        if (name.isEmpty()) {
            throw ApiException.invalid("parameter_invalid_string", "name", "name must not be blank.");
        }
        MerchantStore.Merchant merchant = merchants.create(name);
        MerchantStore.NewApiKey key = merchants.newKey(merchant.id());
        Map<String, Object> response = merchantJson(merchant);
        response.put("api_key", ApiKeyController.newKeyJson(key));
        return ResponseEntity.status(HttpStatus.CREATED).body(response);
    }

    /** Issues another secret key for a merchant (for rotation). */
    @Operation(operationId = "createApiKey", summary = "Issue another secret key for a merchant (admin token)")
    @PostMapping("/{merchantId}/api_keys")
    public ResponseEntity<Map<String, Object>> newKey(@PathVariable String merchantId,
                                                      @Parameter(hidden = true) @RequestBody(required = false) byte[] body) {
        JsonParams params = JsonParams.parse(json, body, Set.of("kind", "permissions", "name", "mode"));
        String mode = params.optionalString("mode", 8).orElse("test");
        if (!Set.of("test", "live").contains(mode)) {
            throw ApiException.invalid("parameter_invalid", "mode", "mode must be test or live.");
        }
        ApiKeyController.KeyRequest key = params.has("kind") ? ApiKeyController.read(params)
                : new ApiKeyController.KeyRequest(dev.payrail.server.security.Caller.KeyKind.SECRET, java.util.List.of(),
                params.optionalFreeText("name", 100).orElse(null));
        merchants.find(merchantId).orElseThrow(() -> ApiException.notFound("merchant", merchantId));
        return ResponseEntity.status(HttpStatus.CREATED).body(ApiKeyController.newKeyJson(
                merchants.newKey(merchantId, key.kind(), mode, key.permissions(), key.name())));
    }

    private static Map<String, Object> merchantJson(MerchantStore.Merchant merchant) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", merchant.id());
        json.put("object", "merchant");
        json.put("name", merchant.name());
        json.put("livemode", false);
        json.put("created", merchant.created().getEpochSecond());
        return json;
    }


    @Schema(name = "NewMerchant")
    record NewMerchant(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200) String name) {
    }
}
